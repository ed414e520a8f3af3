"""Hostile text is shown as text on the public pages, in the e-mails and in the
award letter, which loads nothing."""

import socket

import pytest
from django.core import mail
from django.urls import reverse

from fund.awards.services import letters
from fund.core.outbox import QueuedEmail
from tests.security.escaping.helpers import ALL_ANSWERS, as_user
from tests.security.escaping.scenario import (
    HOSTILE_EMAIL,
    HTML_PAYLOADS,
    TEXT_FIELDS,
    assert_shown_as_text,
    body_of,
    marked,
    pdf_text,
    publish,
)
from tests.support.applying import form_data

pytestmark = pytest.mark.django_db


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

    response = client.get(reverse("awards:letter_download", args=[letter.pk]))

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
