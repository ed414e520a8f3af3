"""The site cannot be used to send e-mail for a stranger (reproductions 4
and 8): e-mails to an address nobody has confirmed hold no text typed into
the form, single-line answers refuse line breaks, the link e-mail and new
drafts are limited, and files alone start no draft."""

import html
from types import SimpleNamespace

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client

from fund.applications.models import Application, ApplicationDocument
from tests.factories.calls import make_call
from tests.support.applying import apply, form_data, pdf

pytestmark = pytest.mark.django_db

PHISHING = {
    "contact_name": "Your account is locked: sign in at https://evil.example/now",
    "organisation_name": "HMRC refund team https://evil.example/refund",
    "project_title": "Urgent: confirm your bank details at https://evil.example",
}


@pytest.fixture
def save(django_capture_on_commit_callbacks):
    """save(call, ...) presses "Save and come back later" from a browser at
    ``client_address``; the e-mail goes at once."""

    def press(call, *, browser=None, client_address="203.0.113.7", **overrides):
        browser = browser or Client(REMOTE_ADDR=client_address)
        data = form_data(call, action="save", **overrides)
        data.pop("declare_true"), data.pop("declare_privacy")
        with django_capture_on_commit_callbacks(execute=True):
            return browser.post(call.url, data)

    return press


def text(response):
    return html.unescape(response.content.decode())


# --- nothing typed in the e-mails ---------------------------------------------------


def test_the_link_email_holds_only_the_call_and_the_link(open_call, save):
    response = save(open_call, contact_email="victim@example.net", **PHISHING)

    assert "Your application has been saved" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["victim@example.net"]
    for typed in PHISHING.values():
        assert typed not in message.body + message.subject
    assert "evil.example" not in message.body + message.subject
    assert open_call.title in message.body
    assert "/apply/continue/" in message.body


def test_the_acknowledgement_holds_no_text_typed_into_the_form(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_call, contact_email="victim@example.net", **PHISHING)

    application = Application.objects.get()
    [message] = [m for m in mail.outbox if application.reference in m.subject]
    assert "evil.example" not in message.body + message.subject
    assert application.reference in message.body
    assert open_call.title in message.body
    assert "/apply/view/" in message.body


@pytest.mark.parametrize("template", ["acknowledgement", "declined", "ineligible", "offer"])
def test_no_applicant_email_prints_the_applicants_typed_text(template, open_call):
    application = Application(
        reference="SCF-2026-0001",
        contact_email="victim@example.net",
        amount_requested=2500,
        project_summary="See https://evil.example",
        address="https://evil.example",
        **PHISHING,
    )
    award = SimpleNamespace(amount=2000, accept_by=None)
    context = {
        "application": application,
        "call": open_call,
        "award": award,
        "status_url": "https://localhost/apply/view/x/",
        "funder": SimpleNamespace(funder_name="Test Commissioner"),
    }

    text = render_to_string(f"fund/emails/{template}.txt", context) + render_to_string(
        f"fund/emails/{template}_subject.txt", context
    )

    assert "evil.example" not in text
    assert "SCF-2026-0001" in text


# --- single-line answers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("contact_name", "Enter the name on one line."),
        ("organisation_name", "Enter the organisation's name on one line."),
        ("project_title", "Enter the project title on one line."),
        ("postcode", "Enter the postcode on one line."),
        ("contact_phone", "Enter the telephone number on one line."),
        ("registration_number", "Enter the registration number on one line."),
    ],
)
def test_a_single_line_answer_refuses_a_line_break(client, open_call, field, message):
    value = {"postcode": "BD18\n3AB", "contact_phone": "0113\n4960000"}.get(
        field, "Sam\r\nClick https://evil.example"
    )
    data = form_data(open_call, **{field: value})

    response = client.post(open_call.url, data)

    assert response.status_code == 200
    assert message in text(response)
    assert not Application.objects.exclude(**{field: ""}).filter(**{field: value}).exists()


def test_a_calls_one_line_question_refuses_a_line_break(client, fund_page):

    call = make_call(fund_page, slug="one-line", questions=[("Lead partner", "singleline", True)])

    response = client.post(call.url, form_data(call, q_lead_partner="Aire\nValley"))

    assert "Enter your answer to “Lead partner” on one line." in response.content.decode()


# --- limits ---------------------------------------------------------------------------


def test_the_limits_have_their_documented_defaults(settings):
    assert settings.FUND_DRAFT_LINK_EMAILS_PER_ADDRESS_PER_HOUR == 3
    assert settings.FUND_DRAFT_LINK_EMAILS_PER_CLIENT_PER_HOUR == 10
    assert settings.FUND_NEW_DRAFTS_PER_CLIENT_PER_DAY == 20
    assert settings.FUND_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY == 10


def test_link_emails_to_one_address_stop_at_the_limit_and_the_draft_is_still_saved(open_call, save):
    """Reproduction 4: 10 saves to one address now send 3 e-mails."""
    pages = [
        save(open_call, client_address=f"203.0.113.{n}", contact_email="victim@example.net")
        for n in range(10)
    ]

    assert len(mail.outbox) == 3
    refused = pages[3].content.decode()
    assert "we have not sent another" in refused
    assert "We have sent a link to" not in refused
    assert Application.objects.count() == 10  # every draft is kept


def test_acknowledgements_to_one_address_stop_at_the_limit_and_the_applications_stand(
    open_call, settings, django_capture_on_commit_callbacks
):
    """Many browsers, each from its own address, sending complete
    applications in one stranger's name."""
    settings.FUND_ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY = 2
    for n in range(4):
        browser = Client(REMOTE_ADDR=f"198.51.100.{n}")
        with django_capture_on_commit_callbacks(execute=True):
            confirmation = apply(browser, open_call, contact_email="victim@example.net")
        assert Application.objects.get(pk=confirmation.context["form_submission"].pk).reference

    assert Application.objects.exclude(status="draft").count() == 4
    assert len([m for m in mail.outbox if m.to == ["victim@example.net"]]) == 2


def test_link_emails_from_one_client_address_stop_at_the_limit(open_call, save, settings):
    settings.FUND_NEW_DRAFTS_PER_CLIENT_PER_DAY = 100
    pages = [save(open_call, contact_email=f"person{n}@example.net") for n in range(12)]

    assert len(mail.outbox) == 10
    assert "we have not sent another" in pages[10].content.decode()


def test_the_client_address_behind_our_proxy_is_the_forwarded_one(open_call, save, settings):
    """Behind one proxy every request comes from the proxy's address: the
    limit counts the client the proxy saw, not the proxy."""
    settings.FUND_PROXY_COUNT = 1
    settings.FUND_DRAFT_LINK_EMAILS_PER_CLIENT_PER_HOUR = 1
    for n in range(3):
        browser = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        save(open_call, browser=browser, contact_email=f"person{n}@example.net")

    assert len(mail.outbox) == 3


def test_new_drafts_from_one_client_address_stop_at_the_daily_quota(open_call, save, settings):
    settings.FUND_NEW_DRAFTS_PER_CLIENT_PER_DAY = 3
    pages = [save(open_call, contact_email=f"person{n}@example.net") for n in range(4)]

    assert Application.objects.count() == 3
    assert "We cannot start another application from your connection today" in (
        pages[3].content.decode()
    )
    # A browser carrying on with its own draft is not a new draft.
    browser = Client(REMOTE_ADDR="203.0.113.7")
    save(open_call, browser=browser)
    assert Application.objects.count() == 3


# --- files alone ----------------------------------------------------------------------


def test_a_post_of_only_files_keeps_nothing(client, open_call, private_storage):
    """Reproduction 8: a 2 MB PDF and no valid answer."""
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024) + b"\n%%EOF\n")

    response = client.post(
        open_call.url,
        {"submission_token": form_data(open_call)["submission_token"], "documents": [big]},
    )

    assert response.status_code == 200
    assert "We have not kept your files" in response.content.decode()
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_a_post_with_one_valid_answer_keeps_its_file_as_a_draft(client, open_call):
    data = {
        "submission_token": form_data(open_call)["submission_token"],
        "organisation_name": "Aire Valley Freedom Project",
        "documents": [pdf()],
    }

    client.post(open_call.url, data)

    draft = Application.objects.get()
    assert draft.organisation_name == "Aire Valley Freedom Project"
    assert draft.documents.count() == 1
