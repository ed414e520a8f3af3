"""Applicant text is shown as text everywhere and never runs: markup and
script in every free-text answer, question, document name, withdrawal
reason and acceptance, through the public form and on to the admin, the
e-mails, the award letter, the public pages and every download; and text
that a spreadsheet would run as a formula is neutralised in every export.

Each payload is carried through the whole journey by the people who would
type it: the applicant fills in the form and uses the status page, the
fund manager screens, assigns and awards, the panel member reviews."""

import io
import json
import socket
import zipfile
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse

from fund.applications.models import Application
from fund.awards.admin.budget import AwardsReportView
from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.services import letters
from fund.core.outbox import QueuedEmail
from fund.grants.applications import ApplicationIndexView
from fund.opendata import giving360
from fund.reviews.admin.ranking import RankingReportView
from tests.factories import UserFactory
from tests.support.applying import form_data
from tests.support.states import DECIDE_NOW

from ._esc_support import (
    FORMULA_EMAIL,
    FORMULA_PAYLOADS,
    FORMULA_TRIGGERS,
    HOSTILE_EMAIL,
    HTML_PAYLOADS,
    TEXT_FIELDS,
    assert_csv_formula_safe,
    assert_shown_as_text,
    assert_xlsx_formula_safe,
    body_of,
    build_scenario,
    csv_rows,
    hostile_call,
    injected_markup,
    marked,
    pdf_text,
    publish,
    send_hostile_application,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

#: Every answer the applicant typed, by its tag in the scenario.
ALL_ANSWERS = [*TEXT_FIELDS.values(), "shape", "funders", "document", "question_document"]


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True)


@pytest.fixture
def users(manager, finance, panel_member, administrator):
    return {
        "manager": manager,
        "finance": finance,
        "panel": panel_member,
        "administrator": administrator,
    }


@pytest.fixture
def call(fund_page):
    return hostile_call(fund_page)


@pytest.fixture(params=list(HTML_PAYLOADS), ids=list(HTML_PAYLOADS))
def scenario(request, call, manager, panel_member, django_capture_on_commit_callbacks):
    return build_scenario(
        call=call,
        payload=HTML_PAYLOADS[request.param],
        manager=manager,
        panel_member=panel_member,
        capture=django_capture_on_commit_callbacks,
    )


def as_user(client, user):
    client.force_login(user)
    return client


# --- the admin --------------------------------------------------------------------

#: (who looks, the page, the answers it shows)
ADMIN_PAGES = {
    "applications listing": ("manager", lambda s: reverse("applications:index"), ["org"]),
    "applications search": (
        "manager",
        lambda s: reverse("applications:index") + "?" + urlencode({"q": s.payload}),
        [],
    ),
    "application inspect (manager)": (
        "manager",
        lambda s: reverse("applications:inspect", args=[s.awarded.pk]),
        ALL_ANSWERS,
    ),
    "application inspect (finance)": (
        "finance",
        lambda s: reverse("applications:inspect", args=[s.awarded.pk]),
        ALL_ANSWERS,
    ),
    "withdrawn application inspect": (
        "manager",
        lambda s: reverse("applications:inspect", args=[s.withdrawn.pk]),
        [],
    ),
    "application history": (
        "manager",
        lambda s: reverse("applications:history", args=[s.awarded.pk]),
        ["org"],
    ),
    "withdrawn application history": (
        "manager",
        lambda s: reverse("applications:history", args=[s.withdrawn.pk]),
        [],
    ),
    "site history": ("manager", lambda s: "/admin/reports/site-history/", []),
    "screening": (
        "manager",
        lambda s: reverse("fund_application_screen", args=[s.awarded.pk]),
        ["org", "title"],
    ),
    "assign reviewers": (
        "manager",
        lambda s: reverse("fund_application_assign", args=[s.awarded.pk]),
        ["org", "title"],
    ),
    "panel review page": (
        "panel",
        lambda s: reverse("fund_reviews:review", args=[s.assignment.pk]),
        ["org", "title", "summary", "shape", "funders", "document", "question_document"],
    ),
    "panel's reviews listing": ("panel", lambda s: reverse("fund_reviews:index"), ["org"]),
    "panel's dashboard": ("panel", lambda s: reverse("wagtailadmin_home"), ["org"]),
    "manager's dashboard": ("manager", lambda s: reverse("wagtailadmin_home"), []),
    "ranking": ("manager", lambda s: reverse("fund_ranking") + f"?call={s.call.pk}", ["org"]),
    "awards listing": ("finance", lambda s: reverse("awards:index"), ["org"]),
    "award page": (
        "finance",
        lambda s: reverse("awards:inspect", args=[s.award.pk]),
        ["org", "accepted_name", "accepted_position"],
    ),
    "awards report": ("finance", lambda s: reverse("fund_awards_report"), ["org"]),
    "bulk assignment confirmation": (
        "manager",
        lambda s: f"/admin/bulk/fund/application/assign_reviewers/?id={s.awarded.pk}",
        ["org"],
    ),
    "call statistics": (
        "manager",
        lambda s: reverse("fund_call_statistics") + f"?call={s.call.pk}",
        [],
    ),
}


@pytest.mark.parametrize("page", list(ADMIN_PAGES))
def test_admin_pages_show_applicant_text_as_text(client, users, scenario, page):
    role, url, shown = ADMIN_PAGES[page]
    as_user(client, users[role])

    response = client.get(url(scenario))

    assert response.status_code == 200, response.get("Location")
    assert_shown_as_text(response.content.decode(), *[scenario.value(tag) for tag in shown])


@pytest.mark.parametrize("payload", list(HTML_PAYLOADS.values()), ids=list(HTML_PAYLOADS))
def test_the_managers_actions_and_their_messages_show_applicant_text_as_text(
    client, call, manager, panel_member, payload, django_capture_on_commit_callbacks
):
    """Screen, assign (one and in bulk) and award through the admin: every
    form, confirmation and success message that names the application."""
    _browser, application, values = send_hostile_application(
        call, payload, HOSTILE_EMAIL, django_capture_on_commit_callbacks
    )
    other = UserFactory(first_name="Other", last_name="Reviewer")
    other.groups.add(*panel_member.groups.all())
    as_user(client, manager)
    shown = [values["org"]]

    steps = [
        ("get", reverse("fund_application_screen", args=[application.pk]), {}),
        (
            "post",
            reverse("fund_application_screen", args=[application.pk]),
            {"decision": "eligible"},
        ),
        ("get", reverse("fund_application_assign", args=[application.pk]), {}),
        (
            "post",
            reverse("fund_application_assign", args=[application.pk]),
            {"reviewers": [panel_member.pk]},
        ),
        ("get", f"/admin/bulk/fund/application/assign_reviewers/?id={application.pk}", {}),
        (
            "post",
            f"/admin/bulk/fund/application/assign_reviewers/?id={application.pk}"
            f"&next={reverse('applications:index')}",
            {"reviewers": [other.pk]},
        ),
    ]
    for method, url, data in steps:
        response = getattr(client, method)(url, data, follow=True)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), *shown)
    application.refresh_from_db()
    assert application.status == "in_review"
    assert application.assignments.count() == 2

    award_url = reverse("fund_application_award", args=[application.pk])
    assert_shown_as_text(client.get(award_url).content.decode(), *shown)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            award_url,
            {
                **DECIDE_NOW,
                "amount": "2000",
                "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value(
                    "<p>Report.</p>"
                ),
            },
            follow=True,
        )
    application.refresh_from_db()
    assert application.status == "awarded"
    assert_shown_as_text(response.content.decode(), *shown)


def test_the_admin_never_interprets_a_hostile_contact_email(client, manager, scenario):
    as_user(client, manager)

    response = client.get(reverse("applications:inspect", args=[scenario.awarded.pk]))

    assert_shown_as_text(response.content.decode(), HOSTILE_EMAIL)


# --- the public pages -----------------------------------------------------------------


def test_the_status_page_shows_the_applicants_text_as_text(scenario):
    response = scenario.applicant.get("/apply/status/")

    assert response.status_code == 200
    assert_shown_as_text(
        response.content.decode(),
        *[
            scenario.value(tag)
            for tag in [
                "org",
                "title",
                "document",
                "question_document",
                "accepted_name",
                "accepted_position",
            ]
        ],
    )


def test_the_printable_copy_shows_every_answer_as_text(scenario):
    response = scenario.applicant.get("/apply/copy/")

    assert response.status_code == 200
    page = response.content.decode()
    assert_shown_as_text(page, *[scenario.value(tag) for tag in ALL_ANSWERS], HOSTILE_EMAIL)


def test_the_confirmation_shows_the_contact_email_as_text(scenario):
    response = scenario.applicant.get("/apply/sent/")

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), HOSTILE_EMAIL)


def test_the_grants_awarded_page_shows_the_grant_as_text(client, home_page, scenario):
    page = publish(home_page)

    response = client.get(page.url)

    assert response.status_code == 200
    assert_shown_as_text(
        response.content.decode(), *[scenario.value(tag) for tag in ["org", "title", "summary"]]
    )


@pytest.mark.parametrize("payload", list(HTML_PAYLOADS.values()), ids=list(HTML_PAYLOADS))
def test_check_your_answers_and_the_returning_draft_show_the_answers_as_text(client, call, payload):
    questions = {q.label: q.clean_name for q in call.get_form_fields()}
    answers = {name: marked(payload, tag) for name, tag in TEXT_FIELDS.items()}
    data = form_data(
        call,
        organisation_type="unregistered",
        registration_number="",
        contact_email=HOSTILE_EMAIL,
        **answers,
        **{
            f"q_{questions['How will survivors shape the project?']}": marked(payload, "shape"),
            f"q_{questions['Who else funds the project?']}": marked(payload, "funders"),
        },
    )
    data.pop("declare_true"), data.pop("declare_privacy")
    assert client.post(call.url, data).status_code == 302

    check = client.get("/apply/check/")
    assert check.status_code == 200
    assert_shown_as_text(check.content.decode(), *answers.values(), HOSTILE_EMAIL)
    # Back on the form to change an answer: each is in its field, still text.
    form = client.get(call.url)
    assert form.status_code == 200
    assert_shown_as_text(form.content.decode(), *answers.values(), HOSTILE_EMAIL)


@pytest.mark.parametrize("payload", list(HTML_PAYLOADS.values()), ids=list(HTML_PAYLOADS))
def test_a_refused_form_shows_the_answers_back_as_text(client, call, payload):
    """The form comes back with its errors and what was typed, escaped."""
    answers = {name: marked(payload, tag) for name, tag in TEXT_FIELDS.items()}
    data = form_data(call, amount_requested="lots", **answers)

    response = client.post(call.url, data)

    assert response.status_code == 200
    assert "Enter the amount in pounds" in response.content.decode()
    assert_shown_as_text(response.content.decode(), *answers.values())


# --- the e-mails ----------------------------------------------------------------------


def test_emails_are_plain_text_and_hold_none_of_the_applicants_text(scenario):
    messages = [m for m in mail.outbox if m.to == [HOSTILE_EMAIL]]
    kinds = {m.subject.split(":")[0] for m in messages}
    assert {"Application received", "Grant offer"} <= kinds, kinds

    for message in messages:
        # Plain text only: nothing for a mail program to render as HTML.
        assert message.content_subtype == "plain"
        assert getattr(message, "alternatives", []) == []
        # As typed: not escaped for a web page, which would garble it.
        for entity in ("&lt;", "&gt;", "&quot;", "&#x27;", "&amp;"):
            assert entity not in message.body, (message.subject, entity)
        assert "\n" not in message.subject and "\r" not in message.subject
    # Nobody has confirmed the address: what the applicant typed is never
    # sent to it (the site is no relay for a stranger's message), only the
    # reference, the call's title and the link.
    for message in messages:
        for tag in ["contact", "org", "title"]:
            assert scenario.value(tag) not in message.body + message.subject, tag
    offer = next(m for m in messages if m.subject.startswith("Grant offer"))
    assert scenario.awarded.reference in offer.body
    # The outbox keeps what was sent.
    for queued in QueuedEmail.objects.filter(to=HOSTILE_EMAIL):
        assert "&lt;" not in queued.body and "&quot;" not in queued.body


# --- the award letter -------------------------------------------------------------------


@pytest.fixture
def fetches(monkeypatch):
    """Every URL the letter's fetcher is asked for, and every host name any
    code looks up while the test runs."""
    seen = {"urls": [], "hosts": []}

    class RecordingFetcher(letters.AssetFetcher):
        def fetch(self, url, headers=None):
            seen["urls"].append(url)
            return super().fetch(url, headers)

    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        seen["hosts"].append(host)
        if "evil.example" in str(host):
            raise OSError("The test refuses to look up evil.example.")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(letters, "AssetFetcher", RecordingFetcher)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return seen


def test_the_award_letter_prints_the_text_literally_and_fetches_nothing(
    client, fetches, finance, scenario
):
    letter = scenario.award.letters.get(status="current")
    as_user(client, finance)

    response = client.get(reverse("fund_letter_download", args=[letter.pk]))

    assert response.status_code == 200
    text = pdf_text(body_of(response))
    # (A line may break anywhere white space could go: compare without it.)
    packed = "".join(text.split())
    for tag in ["org", "contact", "address", "title", "summary"]:
        assert "".join(scenario.value(tag).split()) in packed, tag
    assert all(url.startswith(f"{letters.ASSET_SCHEME}:") for url in fetches["urls"])
    assert not [host for host in fetches["hosts"] if "evil.example" in str(host)]


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="http://evil.example/x">',
        '<link rel="stylesheet" href="http://evil.example/x.css">',
        '<div style="background: url(http://evil.example/x)">x</div>',
        '<img src="file:///etc/passwd">',
    ],
)
def test_the_letter_fetcher_refuses_anything_but_its_own_assets(fetches, markup):
    """Were markup ever to reach the letter, nothing outside would be fetched."""
    fetcher = letters.AssetFetcher({})

    pdf = letters.html_to_pdf(f"<html><body><p>Hello</p>{markup}</body></html>", fetcher)

    assert pdf.startswith(b"%PDF")
    assert not [host for host in fetches["hosts"] if "evil.example" in str(host)]


# --- the downloads: markup stays text -----------------------------------------------------


def test_the_applications_export_keeps_the_answers_as_typed(client, manager, scenario):
    as_user(client, manager)
    url = reverse("applications:index")

    rows = csv_rows(client.get(url, {"export": "csv"}))
    cells = {cell for row in rows for cell in row}
    workbook = xlsx_rows(client.get(url, {"export": "xlsx"}))
    xlsx_cells = {cell.value for row in workbook for cell in row}

    for tag in ["org", "contact", "title", "summary"]:
        assert scenario.value(tag) in cells, tag
        assert scenario.value(tag) in xlsx_cells, tag
    assert HOSTILE_EMAIL in cells


def test_the_360giving_files_carry_the_text_as_data(client, home_page, scenario):
    publish(home_page)

    json_response = client.get(reverse("fund_360giving_json"))
    assert json_response["Content-Type"].startswith("application/json")
    assert json_response["X-Content-Type-Options"] == "nosniff"
    [grant] = json.loads(body_of(json_response))["grants"]
    assert grant["title"] == scenario.value("title")
    assert grant["recipientOrganization"][0]["name"] == scenario.value("org")
    assert grant["description"].startswith(scenario.value("summary"))

    for name, read in [("fund_360giving_csv", csv_rows), ("fund_360giving_xlsx", xlsx_rows)]:
        response = client.get(reverse(name))
        assert response["Content-Disposition"].startswith("attachment")
        rows = read(response) if name.endswith("xlsx") else csv_rows(response, "utf-8")
        values = {getattr(cell, "value", cell) for row in rows for cell in row}
        assert scenario.value("org") in values, name
        assert scenario.value("title") in values, name


def test_the_subject_access_export_holds_the_text_exactly(client, administrator, scenario):
    as_user(client, administrator)

    response = client.post(reverse("fund_subject_access"), {"email": HOSTILE_EMAIL})

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    names = archive.namelist()
    # Every member stays in the archive's folders, whatever the file was called.
    assert all(not name.startswith(("/", "..")) and "/../" not in name for name in names)
    assert not [n for n in names if n.endswith((".csv", ".xlsx", ".html", ".htm"))]
    applications = json.loads(archive.read("applications.json"))
    by_reference = {a["reference"]: a for a in applications}
    awarded = by_reference[scenario.awarded.reference]
    assert awarded["organisation_name"] == scenario.value("org")
    assert awarded["project_summary"] == scenario.value("summary")
    assert awarded["award"]["accepted_name"] == scenario.value("accepted_name")
    assert by_reference[scenario.withdrawn.reference]["withdrawn_reason"] == scenario.value(
        "reason"
    )
    assert {d["file_name"] for d in awarded["documents"]} == {
        scenario.value("document"),
        scenario.value("question_document"),
    }


# --- the downloads: formulas are neutralised ----------------------------------------------


@pytest.fixture(params=list(FORMULA_PAYLOADS), ids=list(FORMULA_PAYLOADS))
def formulas(request, call, manager, panel_member, django_capture_on_commit_callbacks):
    payload = FORMULA_PAYLOADS[request.param]
    built = build_scenario(
        call=call,
        payload=payload,
        manager=manager,
        panel_member=panel_member,
        capture=django_capture_on_commit_callbacks,
        email=FORMULA_EMAIL,
    )
    # The form trims the leading tab or carriage return, but text typed
    # before it did, or pasted in elsewhere, still has one: the exports get
    # the text exactly as the payload has it.
    exact = {name: marked(payload, tag) for name, tag in TEXT_FIELDS.items()}
    Application.objects.filter(pk=built.awarded.pk).update(**exact)
    built.values.update({tag: exact[name] for name, tag in TEXT_FIELDS.items()})
    return built


def neutralised(value, export_format="csv"):
    value = "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if export_format == "xlsx":
        # XML reads a carriage return back as a line feed.
        value = value.replace("\r", "\n")
    return value


#: (who downloads, the URL, the answers it holds, the amount columns)
EXPORTS = {
    "applications": (
        "manager",
        lambda s: reverse("applications:index"),
        ["org", "contact", "title", "summary"],
        ["Amount requested (£)"],
    ),
    "awards report": (
        "finance",
        lambda s: reverse("fund_awards_report"),
        ["org"],
        ["Amount awarded (£)", "Paid to date (£)", "Returned (£)", "Outstanding (£)"],
    ),
    "ranking": (
        "manager",
        lambda s: reverse("fund_ranking") + f"?call={s.call.pk}",
        ["org", "title"],
        ["Amount requested (£)", "Cumulative requested (£)"],
    ),
    # Wagtail's own report: each entry is named "<reference>: <organisation>".
    "site history": ("manager", lambda s: "/admin/reports/site-history/", [], []),
}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("export", list(EXPORTS))
def test_admin_exports_neutralise_formulas_and_keep_amounts_as_numbers(
    client, users, formulas, export, export_format
):
    role, url, shown, amounts = EXPORTS[export]
    as_user(client, users[role])
    base = url(formulas)
    joiner = "&" if "?" in base else "?"

    response = client.get(f"{base}{joiner}export={export_format}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    if export_format == "csv":
        rows = csv_rows(response)
        assert_csv_formula_safe(rows)
        header, values = rows[0], {cell for row in rows[1:] for cell in row}
        for row in rows[1:]:
            cells = dict(zip(header, row, strict=True))
            for column in amounts:
                assert cells[column] == "" or Decimal(cells[column]) >= 0, column
    else:
        rows = xlsx_rows(response)
        assert_xlsx_formula_safe(rows)
        header, values = [c.value for c in rows[0]], {c.value for r in rows[1:] for c in r}
        for row in rows[1:]:
            cells = dict(zip(header, row, strict=True))
            for column in amounts:
                assert cells[column].data_type == "n", column
    for tag in shown:
        assert neutralised(formulas.value(tag), export_format) in values, tag


@pytest.mark.parametrize("name", ["fund_360giving_csv", "fund_360giving_xlsx"])
def test_360giving_spreadsheets_neutralise_formulas_and_keep_amounts_as_numbers(
    client, home_page, formulas, name
):
    publish(home_page)

    response = client.get(reverse(name))

    assert response.status_code == 200
    if name.endswith("csv"):
        rows = csv_rows(response, "utf-8")
        assert_csv_formula_safe(rows)
        cells = dict(zip(rows[0], rows[1], strict=True))
        assert Decimal(cells["Amount Awarded"]) == Decimal("2000")
        values = set(rows[1])
    else:
        rows = xlsx_rows(response)
        assert_xlsx_formula_safe(rows)
        cells = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
        assert cells["Amount Awarded"].data_type == "n"
        values = {c.value for c in rows[1]}
    export_format = name.rsplit("_", 1)[-1]
    assert neutralised(formulas.value("org"), export_format) in values
    assert neutralised(formulas.value("title"), export_format) in values


def test_360giving_json_keeps_the_text_exactly(client, home_page, formulas):
    """JSON is data, not a spreadsheet: the text is published as typed."""
    publish(home_page)

    [grant] = json.loads(body_of(client.get(reverse("fund_360giving_json"))))["grants"]

    assert grant["recipientOrganization"][0]["name"] == formulas.value("org")
    assert grant["amountAwarded"] == 2000


def test_the_subject_access_export_holds_no_spreadsheet_and_the_text_exactly(
    client, administrator, formulas
):
    as_user(client, administrator)

    response = client.post(reverse("fund_subject_access"), {"email": FORMULA_EMAIL})

    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    names = archive.namelist()
    assert {"README.txt", "applications.json", "emails.json"} <= set(names)
    assert not [n for n in names if n.endswith((".csv", ".xlsx", ".xls", ".ods"))]
    applications = json.loads(archive.read("applications.json"))
    [awarded] = [a for a in applications if a["reference"] == formulas.awarded.reference]
    assert awarded["organisation_name"] == formulas.value("org")


@pytest.mark.parametrize(
    "view_class", [ApplicationIndexView, AwardsReportView, RankingReportView], ids=str
)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_negative_amount_stays_a_number_in_every_admin_export(view_class, export_format):
    """No export holds a negative amount today (awards, payments and returns
    are positive); were one to, it must stay a number, not become text."""
    view = view_class()

    value = view.preprocess_field_value("amount", Decimal("-12.50"), export_format)

    assert value == Decimal("-12.50")
    assert isinstance(value, Decimal)


def test_a_negative_amount_stays_a_number_in_the_360giving_spreadsheets():
    record = {"id": "360G-x-1", "title": "-1+1", "amountAwarded": Decimal("-12.50")}

    header, row = list(giving360.rows([record]))

    cells = dict(zip(header, row, strict=True))
    assert cells["Amount Awarded"] == Decimal("-12.50")
    assert cells["Title"] == "'-1+1"


def test_the_markup_finder_notices_injected_markup():
    """The check the page tests rely on does find what it looks for."""
    for payload in HTML_PAYLOADS.values():
        if "<" in payload:
            assert injected_markup(f"<p>{payload}</p>"), payload
    assert injected_markup('<a href=" JavaScript:alert(1)">x</a>')
    assert injected_markup('<input value=""><img src=x onerror=alert(1)>">')
    assert not injected_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert injected_markup('<img src="http://evil.example/x">')
    assert not injected_markup(
        '<a href="/admin/?q=%3Cimg+src%3D%22http%3A%2F%2Fevil.example">x</a>'
    )
