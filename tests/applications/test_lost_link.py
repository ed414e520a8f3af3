""" "Lost your link?": a sent application's contact asks for a fresh status
link with the e-mail address and the reference. The page says the same
whether or not they match, and how often anyone may ask is limited."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.core.outbox import QueuedEmail
from tests.support.applying import apply
from tests.support.links import link_in
from tests.support.pages import assert_private_no_store

pytestmark = pytest.mark.django_db

URL = "/apply/lost-link/"
SAME_ANSWER = (
    "If the e-mail address and reference match an application, we have sent a new link to "
    "that address. It may take a few minutes to arrive."
)


@pytest.fixture
def sent(client, open_call, django_capture_on_commit_callbacks):
    """An application sent through the site, with its acknowledgement gone."""
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, open_call)
    application = Application.objects.get()
    assert application.status == "submitted"
    mail.outbox.clear()
    QueuedEmail.objects.all().delete()
    return application


def ask(browser, capture, *, email="sam@example.org", reference, **extra):
    with capture(execute=True):
        return browser.post(URL, {"email": email, "reference": reference}, **extra)


def resent(application):
    return ModelLogEntry.objects.for_instance(application).filter(
        action="fund.application.link_resent"
    )


def test_a_match_sends_one_email_whose_link_opens_the_application(
    sent, django_capture_on_commit_callbacks
):
    asker = Client()
    response = ask(
        asker,
        django_capture_on_commit_callbacks,
        email="  SAM@Example.ORG ",
        reference=f"  {sent.reference.lower()} ",
    )

    assert response.status_code == 200
    assert SAME_ANSWER in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["sam@example.org"]
    assert sent.reference in message.subject
    assert resent(sent).count() == 1

    path = link_in(message, "view")
    browser = Client()  # the applicant's own browser, later
    assert "See your application" in browser.get(path).content.decode()
    assert browser.post(path).status_code == 302
    page = browser.get("/apply/status/")
    assert page.status_code == 200
    assert sent.reference in page.content.decode()
    # Asking gave the asker's browser nothing.
    assert asker.get("/apply/status/").status_code == 404


def test_the_email_holds_nothing_the_applicant_typed(sent, django_capture_on_commit_callbacks):
    ask(Client(), django_capture_on_commit_callbacks, reference=sent.reference)

    [message] = mail.outbox
    text = f"{message.subject}\n{message.body}"
    assert sent.reference in text
    assert "Tackling modern slavery" in text  # the call's title, written by staff
    for typed in ("Aire Valley Freedom Project", "Sam Example", "Drop-in advice", "Sam"):
        assert typed not in text


@pytest.mark.parametrize(
    "email, reference",
    [
        ("sam@example.org", "SCF-2099-0001"),  # wrong reference
        ("someone@example.org", None),  # wrong e-mail address
    ],
)
def test_no_match_gets_the_same_page_and_no_email(
    sent, django_capture_on_commit_callbacks, email, reference
):
    matched = ask(Client(), django_capture_on_commit_callbacks, reference=sent.reference)
    mail.outbox.clear()

    response = ask(
        Client(),
        django_capture_on_commit_callbacks,
        email=email,
        reference=reference or sent.reference,
    )

    assert response.status_code == matched.status_code == 200
    assert response.content == matched.content
    assert mail.outbox == []
    assert resent(sent).count() == 1


def test_a_draft_gets_no_link(sent, django_capture_on_commit_callbacks):
    # A sent application wound back to a draft keeps its reference.
    Application.objects.filter(pk=sent.pk).update(status="draft")

    response = ask(Client(), django_capture_on_commit_callbacks, reference=sent.reference)

    assert SAME_ANSWER in response.content.decode()
    assert mail.outbox == []
    assert not resent(sent).exists()


def test_one_address_is_sent_only_so_many_links_an_hour(
    sent, settings, django_capture_on_commit_callbacks
):
    settings.FUND_LOST_LINK_PER_ADDRESS_PER_HOUR = 2
    for number in range(3):
        response = ask(
            Client(),
            django_capture_on_commit_callbacks,
            reference=sent.reference,
            REMOTE_ADDR=f"192.0.2.{number}",  # from different places
        )
        assert SAME_ANSWER in response.content.decode()

    assert len(mail.outbox) == 2
    assert resent(sent).count() == 2


def test_one_client_may_ask_only_so_many_times_an_hour(
    sent, settings, django_capture_on_commit_callbacks
):
    settings.FUND_LOST_LINK_PER_CLIENT_PER_HOUR = 3
    browser = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(3):  # probing other addresses uses up the client's tries
        ask(
            browser,
            django_capture_on_commit_callbacks,
            email=f"x{number}@example.org",
            reference=sent.reference,
        )

    response = ask(browser, django_capture_on_commit_callbacks, reference=sent.reference)

    assert SAME_ANSWER in response.content.decode()
    assert mail.outbox == []
    # Another client still can.
    ask(
        Client(REMOTE_ADDR="198.51.100.8"),
        django_capture_on_commit_callbacks,
        reference=sent.reference,
    )
    assert len(mail.outbox) == 1


def test_the_form_names_each_mistake_in_plain_words(client):
    page = client.get(URL).content.decode()
    assert "Get a new link to your application" in page
    assert "There is a problem" not in page

    empty = client.post(URL, {"email": "", "reference": ""}).content.decode()
    assert "<title>Error: " in empty
    assert empty.count("There is a problem") == 1
    assert empty.count("Enter the contact e-mail address you gave in your application.") == 2
    assert empty.count("Enter the reference of your application, like SCF-2026-0042.") == 2
    assert 'href="#id_email"' in empty and 'href="#id_reference"' in empty

    wrong = client.post(URL, {"email": "sam at example", "reference": "42"}).content.decode()
    assert "Enter the e-mail address in the right form, like name@example.org." in wrong
    assert "Enter the reference as it is in your e-mail, like SCF-2026-0042." in wrong
    assert SAME_ANSWER not in wrong
    assert 'value="sam at example"' in wrong


def test_the_home_call_and_not_found_pages_link_to_it(client, open_call):
    for url, status in [("/", 200), (open_call.url, 200), ("/apply/status/", 404)]:
        response = client.get(url)
        assert response.status_code == status, url
        assert f'href="{URL}"' in response.content.decode(), url


def test_the_page_and_its_answer_are_never_stored(sent, django_capture_on_commit_callbacks):
    assert_private_no_store(Client().get(URL), "the lost link form")
    answer = ask(Client(), django_capture_on_commit_callbacks, reference=sent.reference)
    assert_private_no_store(answer, "the lost link answer")
