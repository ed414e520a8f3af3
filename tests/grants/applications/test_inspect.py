"""An application's page in the Wagtail admin, and downloading its documents."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from fund.applications.models import Application
from tests.factories import ApplicationFactory, UserFactory, make_document
from tests.grants.applications.helpers import LOGIN_URL, STAFF_ROLES, make_draft
from tests.support.applying import PDF_BYTES
from tests.support.pages import assert_refused, page_text, read_body

pytestmark = pytest.mark.django_db


#: The core answers of the application the inspect view shows.
CORE_ANSWERS = {
    "reference": "SCF-2026-0042",
    "organisation_name": "Aire Valley Freedom Project",
    "organisation_type": "charity_ew",
    "registration_number": "1187654",
    "address": "1 Mill Lane\nShipley",
    "postcode": "BD18 3AB",
    "contact_name": "Sam Example",
    "contact_email": "sam@example.org",
    "contact_phone": "01134960000",
    "project_title": "Drop-in advice for survivors",
    "project_summary": "We will run a weekly drop-in.",
    "amount_requested": Decimal("2500.00"),
    "planned_start": dt.date(2026, 9, 1),
    "planned_end": dt.date(2027, 8, 31),
    "districts": ["bradford", "leeds"],
}
#: What the inspect view shows of them.
CORE_SHOWN = [
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
]


def answered_application(call):
    """An application with CORE_ANSWERS, and the call's question as it was
    worded when the application was sent."""
    shape = call.form_fields.get(field_type="multiline")
    return ApplicationFactory(
        page=call,
        **CORE_ANSWERS,
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


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_inspect_shows_core_answers_questions_and_documents(client, staff, open_call):
    application = answered_application(open_call)
    document = make_document(application, name="annual-accounts.pdf")
    client.force_login(staff)

    response = client.get(reverse("applications:inspect", args=[application.pk]))

    assert response.status_code == 200
    page = page_text(response)
    for answer in CORE_SHOWN:
        assert answer in page, answer
    # the question as it was worded when the application was sent, not as it is now
    assert "How did survivors shape the project (wording of 2026)?" in page
    assert "How will survivors shape the project?" not in page
    assert "Survivors sit on our steering group." in page
    assert "annual-accounts.pdf" in page
    assert reverse("applications:document", args=[document.pk]) in page


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


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_staff_download_a_document_as_a_private_attachment(client, staff, open_call):
    application = ApplicationFactory(page=open_call)
    document = make_document(application, name="annual-accounts.pdf")
    client.force_login(staff)

    response = client.get(reverse("applications:document", args=[document.pk]))

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

    response = client.get(reverse("applications:document", args=[document.pk]))
    missing = client.get(reverse("applications:document", args=[document.pk + 1000]))

    # Exactly as if there were no such document: nothing tells what exists.
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    assert PDF_BYTES not in read_body(response)


def test_anonymous_visitor_downloading_a_document_is_sent_to_login(client, open_call):
    document = make_document(ApplicationFactory(page=open_call))

    response = client.get(reverse("applications:document", args=[document.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert PDF_BYTES not in read_body(response)


def test_user_without_a_role_cannot_download_a_document(client, open_call):
    document = make_document(ApplicationFactory(page=open_call))
    client.force_login(UserFactory())

    response = client.get(reverse("applications:document", args=[document.pk]))

    assert response.status_code in {302, 403}
    assert PDF_BYTES not in read_body(response)


def test_guessing_a_document_number_finds_nothing(client, manager, open_call):
    document = make_document(ApplicationFactory(page=open_call))
    client.force_login(manager)

    response = client.get(reverse("applications:document", args=[document.pk + 1000]))

    assert response.status_code == 404
    assert PDF_BYTES not in read_body(response)


def test_a_draft_applications_document_cannot_be_downloaded(client, manager, open_call):
    document = make_document(make_draft(open_call))
    client.force_login(manager)

    response = client.get(reverse("applications:document", args=[document.pk]))

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
