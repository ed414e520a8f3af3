"""Staff read applications in the Wagtail admin (issue 3: the Applications listing).

Every test goes through the test client as the role in question.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from fund.applications.models import Application, ApplicationDocument
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.calls import london, make_call
from tests.support.applying import PDF_BYTES, apply
from tests.support.pages import assert_refused, page_text, read_body, sidebar_menu

pytestmark = pytest.mark.django_db

#: The roles with fund.view_application. Grant panel members have only
#: fund.review_application: they see the applications assigned to them on
#: their own pages, never this listing.
STAFF_ROLES = ["manager", "finance"]

LOGIN_URL = "/admin/login/"


@pytest.fixture
def staff(request):
    """The user of the role fixture named by the test's ``staff`` parameter."""
    return request.getfixturevalue(request.param)


def make_document(application, *, name="accounts.pdf", content=PDF_BYTES):
    document = ApplicationDocument(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def make_draft(call, **fields):
    return ApplicationFactory(
        page=call, status="draft", reference=None, submitted_at=None, **fields
    )


# --- the Grants menu ---------------------------------------------------------


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_grants_menu_offers_applications_to_each_staff_role(client, staff):
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert ("Applications", reverse("applications:index")) in sidebar_menu(response, "Grants")


# --- the listing -------------------------------------------------------------


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_listing_shows_each_application_to_each_staff_role(client, staff, open_call):
    application = ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0042",
        organisation_name="Aire Valley Freedom Project",
        amount_requested=Decimal("3750.00"),
        status="eligible",
    )
    client.force_login(staff)

    response = client.get(reverse("applications:index"))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0042" in page
    assert "Aire Valley Freedom Project" in page
    assert "Tackling modern slavery" in page
    assert "£3,750.00" in page  # money, as money
    assert "Eligible" in page
    for heading in ["Reference", "Call", "Amount requested", "Status", "Submitted"]:
        assert heading in page, heading
    assert reverse("applications:inspect", args=[application.pk]) in page


def test_listing_shows_the_date_and_time_an_application_was_submitted(client, manager, open_call):
    ApplicationFactory(page=open_call, submitted_at=london(2026, 3, 5, 14, 30))
    client.force_login(manager)

    response = client.get(reverse("applications:index"))

    # A human date ("3 months ago") with the full date and time as its tooltip.
    assert "5 Mar 2026, 2:30 p.m." in page_text(response)


def test_panel_member_cannot_see_the_listing(client, panel_member, open_call):
    ApplicationFactory(
        page=open_call, reference="SCF-2026-0042", organisation_name="Aire Valley Freedom Project"
    )
    client.force_login(panel_member)

    response = client.get(reverse("applications:index"))

    assert_refused(response)
    assert "Aire Valley Freedom Project" not in page_text(response)
    export = client.get(reverse("applications:index"), {"export": "csv"})
    assert_refused(export)


def test_grants_menu_does_not_offer_applications_to_a_panel_member(client, panel_member):
    client.force_login(panel_member)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Applications" not in [label for label, _url in sidebar_menu(response, "Grants")]
    assert reverse("applications:index") not in [
        url for _label, url in sidebar_menu(response, "Grants")
    ]


def test_anonymous_visitor_is_sent_to_the_admin_login(client, open_call):
    ApplicationFactory(page=open_call, organisation_name="Aire Valley Freedom Project")

    response = client.get(reverse("applications:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert "Aire Valley Freedom Project" not in page_text(response)


def test_user_without_a_role_cannot_see_the_listing(client, open_call):
    ApplicationFactory(
        page=open_call, reference="SCF-2026-0042", organisation_name="Aire Valley Freedom Project"
    )
    client.force_login(UserFactory())

    response = client.get(reverse("applications:index"))

    assert response.status_code in {302, 403}
    page = page_text(response)
    assert "SCF-2026-0042" not in page
    assert "Aire Valley Freedom Project" not in page


# --- filters and search --------------------------------------------------------


def test_listing_filtered_by_call_shows_only_that_calls_applications(
    client, manager, fund_page, open_call
):
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    ApplicationFactory(page=open_call, organisation_name="Slavery Survivors Trust")
    ApplicationFactory(page=other_call, organisation_name="Youth Diversion Club")
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"page": other_call.pk})

    assert response.status_code == 200
    page = page_text(response)
    assert "Youth Diversion Club" in page
    assert "Slavery Survivors Trust" not in page


def test_listing_filtered_by_status_shows_only_that_status(client, manager, open_call):
    ApplicationFactory(page=open_call, organisation_name="Still Submitted Trust")
    ApplicationFactory(page=open_call, organisation_name="Found Eligible Group", status="eligible")
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"status": "submitted"})

    assert response.status_code == 200
    page = page_text(response)
    assert "Still Submitted Trust" in page
    assert "Found Eligible Group" not in page


@pytest.mark.parametrize(
    "query",
    ["SCF-2026-0777", "scf-2026-0777", "Riverside", "riverside women", "hello@riverside.example"],
)
def test_listing_search_finds_by_reference_organisation_and_contact_email(
    client, manager, open_call, query
):
    ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0777",
        organisation_name="Riverside Women's Refuge",
        contact_email="hello@riverside.example",
    )
    ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0888",
        organisation_name="Hilltop Youth Club",
        contact_email="info@hilltop.example",
    )
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"q": query})

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0777" in page
    assert "Riverside Women's Refuge" in page
    assert "SCF-2026-0888" not in page
    assert "Hilltop Youth Club" not in page


# --- drafts --------------------------------------------------------------------


def test_drafts_are_never_listed(client, manager, open_call):
    ApplicationFactory(page=open_call, organisation_name="Sent Trust")
    make_draft(open_call, organisation_name="Half Written Draft Group")
    client.force_login(manager)

    for params in [{}, {"status": "draft"}, {"q": "Half Written"}, {"page": open_call.pk}]:
        response = client.get(reverse("applications:index"), params)

        assert response.status_code == 200, params
        assert "Half Written Draft Group" not in page_text(response), params


def test_a_draft_cannot_be_inspected(client, manager, open_call):
    draft = make_draft(open_call, organisation_name="Half Written Draft Group")
    client.force_login(manager)

    response = client.get(reverse("applications:inspect", args=[draft.pk]))

    assert response.status_code == 404
    assert "Half Written Draft Group" not in page_text(response)


# --- cost of the listing -------------------------------------------------------


def test_listing_costs_the_same_queries_for_fifty_applications_as_for_five(
    client, manager, fund_page, open_call, django_assert_max_num_queries
):
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    for number in range(5):
        ApplicationFactory(page=open_call if number % 2 else other_call)
    client.force_login(manager)
    url = reverse("applications:index")
    client.get(url)  # warm caches (site, content types) so both counts compare like for like

    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 5

    for number in range(45):
        ApplicationFactory(page=open_call if number % 2 else other_call)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 50


# --- inspect -------------------------------------------------------------------


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_inspect_shows_core_answers_questions_and_documents(client, staff, open_call):
    shape = open_call.form_fields.get(field_type="multiline")
    application = ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0042",
        organisation_name="Aire Valley Freedom Project",
        organisation_type="charity_ew",
        registration_number="1187654",
        address="1 Mill Lane\nShipley",
        postcode="BD18 3AB",
        contact_name="Sam Example",
        contact_email="sam@example.org",
        contact_phone="01134960000",
        project_title="Drop-in advice for survivors",
        project_summary="We will run a weekly drop-in.",
        amount_requested=Decimal("2500.00"),
        planned_start=dt.date(2026, 9, 1),
        planned_end=dt.date(2027, 8, 31),
        districts=["bradford", "leeds"],
        questions=[
            {
                "clean_name": shape.clean_name,
                "label": "How did survivors shape the project (wording of 2026)?",
                "field_type": "multiline",
                "help_text": "",
                "required": True,
                "choices": "",
            }
        ],
        form_data={shape.clean_name: "Survivors sit on our steering group."},
    )
    document = make_document(application, name="annual-accounts.pdf")
    client.force_login(staff)

    response = client.get(reverse("applications:inspect", args=[application.pk]))

    assert response.status_code == 200
    page = page_text(response)
    for answer in [
        "SCF-2026-0042",
        "Submitted",
        "Aire Valley Freedom Project",
        "Registered charity (England and Wales)",
        "1187654",
        "1 Mill Lane",
        "Shipley",
        "BD18 3AB",
        "Sam Example",
        "sam@example.org",
        "01134960000",
        "Drop-in advice for survivors",
        "We will run a weekly drop-in.",
        "2500.00",
        "1 Sep 2026",
        "31 Aug 2027",
        "Bradford, Leeds",
    ]:
        assert answer in page, answer
    # the question as it was worded when the application was sent, not as it is now
    assert "How did survivors shape the project (wording of 2026)?" in page
    assert "How will survivors shape the project?" not in page
    assert "Survivors sit on our steering group." in page
    assert "annual-accounts.pdf" in page
    assert reverse("fund_document_download", args=[document.pk]) in page


def test_panel_member_cannot_inspect_an_application(client, panel_member, open_call):
    application = ApplicationFactory(
        page=open_call, organisation_name="Aire Valley Freedom Project"
    )
    client.force_login(panel_member)

    for name in ["inspect", "history"]:
        response = client.get(reverse(f"applications:{name}", args=[application.pk]))

        assert_refused(response)
        assert "Aire Valley Freedom Project" not in page_text(response)


def test_inspect_offers_no_way_to_change_an_application(client, manager, open_call):
    application = ApplicationFactory(page=open_call)
    client.force_login(manager)

    response = client.get(reverse("applications:inspect", args=[application.pk]))

    assert response.status_code == 200
    page = page_text(response)
    assert "/admin/applications/edit/" not in page
    assert "/admin/applications/delete/" not in page
    assert "/admin/applications/add/" not in page
    assert "/admin/applications/copy/" not in page
    for name in ["add", "edit", "delete", "copy"]:
        with pytest.raises(NoReverseMatch):
            reverse(f"applications:{name}", args=[] if name == "add" else [application.pk])


def test_listing_offers_no_add_button(client, manager, open_call):
    ApplicationFactory(page=open_call)
    client.force_login(manager)

    response = client.get(reverse("applications:index"))

    page = page_text(response)
    assert "/admin/applications/add/" not in page
    assert "/admin/applications/edit/" not in page
    assert "/admin/applications/delete/" not in page


@pytest.mark.parametrize("path", ["add/", "edit/{pk}/", "delete/{pk}/", "copy/{pk}/"])
def test_change_urls_do_not_exist(client, manager, open_call, path):
    application = ApplicationFactory(page=open_call)
    client.force_login(manager)

    response = client.get("/admin/applications/" + path.format(pk=application.pk))

    assert response.status_code == 404
    assert Application.objects.filter(pk=application.pk).exists()


# --- document download ---------------------------------------------------------


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_staff_download_a_document_as_a_private_attachment(client, staff, open_call):
    application = ApplicationFactory(page=open_call)
    document = make_document(application, name="annual-accounts.pdf")
    client.force_login(staff)

    response = client.get(reverse("fund_document_download", args=[document.pk]))

    assert response.status_code == 200
    assert read_body(response) == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment")
    assert "annual-accounts.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    directives = [part.strip() for part in response["Cache-Control"].split(",")]
    assert "no-store" in directives


def test_panel_member_cannot_download_a_document_of_an_application_not_assigned_to_them(
    client, panel_member, open_call
):
    document = make_document(ApplicationFactory(page=open_call))
    client.force_login(panel_member)

    response = client.get(reverse("fund_document_download", args=[document.pk]))
    missing = client.get(reverse("fund_document_download", args=[document.pk + 1000]))

    # Exactly as if there were no such document: nothing tells what exists.
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    assert PDF_BYTES not in read_body(response)


def test_anonymous_visitor_downloading_a_document_is_sent_to_login(client, open_call):
    document = make_document(ApplicationFactory(page=open_call))

    response = client.get(reverse("fund_document_download", args=[document.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert PDF_BYTES not in read_body(response)


def test_user_without_a_role_cannot_download_a_document(client, open_call):
    document = make_document(ApplicationFactory(page=open_call))
    client.force_login(UserFactory())

    response = client.get(reverse("fund_document_download", args=[document.pk]))

    assert response.status_code in {302, 403}
    assert PDF_BYTES not in read_body(response)


def test_guessing_a_document_number_finds_nothing(client, manager, open_call):
    document = make_document(ApplicationFactory(page=open_call))
    client.force_login(manager)

    response = client.get(reverse("fund_document_download", args=[document.pk + 1000]))

    assert response.status_code == 404
    assert PDF_BYTES not in read_body(response)


def test_a_draft_applications_document_cannot_be_downloaded(client, manager, open_call):
    document = make_document(make_draft(open_call))
    client.force_login(manager)

    response = client.get(reverse("fund_document_download", args=[document.pk]))

    assert response.status_code == 404
    assert PDF_BYTES not in read_body(response)


def test_a_document_has_no_public_url(client, manager, open_call):
    document = make_document(ApplicationFactory(page=open_call))
    client.force_login(manager)

    response = client.get("/media/" + document.file.name, follow=True)

    assert response.status_code == 404
    assert PDF_BYTES not in read_body(response)
    with pytest.raises(ValueError):
        document.file.url  # noqa: B018


# --- export --------------------------------------------------------------------


@pytest.fixture
def hostile_application(open_call):
    return ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0066",
        organisation_name='=HYPERLINK("http://evil")',
        contact_name="+cmd",
        project_title="-2+3",
        address="@SUM(A1)",
        project_summary="\tinjected",
        amount_requested=Decimal("1234.50"),
    )


def test_csv_export_neutralises_formulas(client, manager, hostile_application):
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "csv"})

    assert response.status_code == 200
    assert "text/csv" in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]
    assert "applications" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(read_body(response).decode("utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert header[0] == "Reference"
    assert "Status" in header
    assert "Call" in header
    assert "Organisation name" in header
    assert "Contact e-mail" in header
    assert "Amount requested (£)" in header
    assert "Districts served" in header
    assert "Submitted" in header
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Reference"] == "SCF-2026-0066"
    assert row["Organisation name"] == '\'=HYPERLINK("http://evil")'
    assert row["Contact name"] == "'+cmd"
    assert row["Project title"] == "'-2+3"
    assert row["Project summary"] == "'\tinjected"
    assert row["Call"] == "Tackling modern slavery"
    assert row["Amount requested (£)"] == "1234.50"
    for cell in data[0]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_xlsx_export_neutralises_formulas_and_keeps_amounts_as_numbers(
    client, manager, hostile_application
):
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "xlsx"})

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    workbook = openpyxl.load_workbook(io.BytesIO(read_body(response)))
    sheet = workbook.active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    assert header[0] == "Reference"
    assert "Amount requested (£)" in header
    assert len(rows) == 2
    cells = dict(zip(header, rows[1], strict=True))
    assert cells["Organisation name"].value == '\'=HYPERLINK("http://evil")'
    assert cells["Contact name"].value == "'+cmd"
    assert cells["Project title"].value == "'-2+3"
    assert cells["Project summary"].value == "'\tinjected"
    for name in ["Organisation name", "Contact name", "Project title", "Project summary"]:
        assert cells[name].data_type == "s", name
    assert cells["Amount requested (£)"].data_type == "n"
    assert cells["Amount requested (£)"].value == pytest.approx(1234.5)
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_export_leaves_out_drafts_and_follows_the_filters(client, manager, fund_page, open_call):
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    ApplicationFactory(page=open_call, reference="SCF-2026-0001")
    ApplicationFactory(page=other_call, reference="SCF-2026-0002")
    make_draft(open_call, organisation_name="Half Written Draft Group")
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"export": "csv", "page": open_call.pk})

    assert response.status_code == 200
    body = read_body(response).decode("utf-8-sig")
    assert "SCF-2026-0001" in body
    assert "SCF-2026-0002" not in body
    assert "Half Written Draft Group" not in body


def test_administrator_sees_the_listing_and_an_application(client, open_call):
    application = ApplicationFactory(page=open_call, reference="SCF-2026-0042")
    client.force_login(UserFactory(is_superuser=True))

    listing = client.get(reverse("applications:index"))
    inspect = client.get(reverse("applications:inspect", args=[application.pk]))

    assert listing.status_code == 200
    assert "SCF-2026-0042" in page_text(listing)
    assert "/admin/applications/add/" not in page_text(listing)
    assert inspect.status_code == 200
    assert "/admin/applications/edit/" not in page_text(inspect)


def test_finance_can_export(client, finance, hostile_application):
    client.force_login(finance)

    response = client.get(reverse("applications:index"), {"export": "csv"})

    assert response.status_code == 200
    assert "SCF-2026-0066" in read_body(response).decode("utf-8-sig")


# --- history -------------------------------------------------------------------


def test_history_shows_the_submission_made_through_the_public_form(
    client, manager, open_call, django_capture_on_commit_callbacks
):
    applicant = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert apply(applicant, open_call).status_code == 200
    application = Application.objects.get()
    client.force_login(manager)

    response = client.get(reverse("applications:history", args=[application.pk]))

    assert response.status_code == 200
    assert "Application submitted" in page_text(response)
