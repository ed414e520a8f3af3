"""Forged requests: posts without their CSRF token (a form posted from
another site, or a page left open too long) and a forged Host header. Each
is refused with a page in plain words, nothing is saved, and no e-mail or
link is built from the Host a request claims."""

import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from fund.applications import access
from fund.applications.models import Application
from fund.awards.models.awards import Award
from fund.core.outbox import QueuedEmail
from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import ApplicationFactory
from tests.security.helpers import award_form, page_text, reviewed_application
from tests.support.applying import form_data

pytestmark = pytest.mark.django_db

NOT_SENT = "Your form could not be sent"
NOT_ACCEPTED = "Sorry, we could not accept what you sent"
DECLARATIONS = {"declare_true": "on", "declare_privacy": "on"}


@pytest.fixture
def browser():
    """A client that checks CSRF tokens, as the real site does."""
    return Client(enforce_csrf_checks=True)


def csrf_token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has no CSRF token"
    return unescape(match.group(1))


def assert_refused_in_plain_words(response):
    assert response.status_code == 403
    text = page_text(response)
    assert f'<h1 class="heading-xl">{NOT_SENT}</h1>' in text
    assert "Nothing from this attempt was saved." in text
    assert "CSRF" not in text  # no jargon


def draft_data(call):
    data = form_data(call)
    for key in DECLARATIONS:
        data.pop(key)
    return data


# --- the public form ----------------------------------------------------------------


def test_the_application_form_posted_without_its_token_is_refused(browser, open_call):
    browser.get(open_call.url)  # sets the CSRF cookie, as a visit would

    response = browser.post(open_call.url, draft_data(open_call))

    assert_refused_in_plain_words(response)
    assert not Application.objects.exists()


def test_the_application_form_posted_with_a_forged_token_is_refused(browser, open_call):
    browser.get(open_call.url)

    response = browser.post(
        open_call.url, {**draft_data(open_call), "csrfmiddlewaretoken": "a" * 64}
    )

    assert_refused_in_plain_words(response)
    assert not Application.objects.exists()


def test_the_application_form_posted_with_its_token_is_taken(browser, open_call):
    """The control: the same post with the page's own token goes through."""
    token = csrf_token(browser.get(open_call.url))

    response = browser.post(open_call.url, {**draft_data(open_call), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Application.objects.get().status == "draft"


def test_sending_from_check_your_answers_without_the_token_is_refused(browser, open_call):
    token = csrf_token(browser.get(open_call.url))
    browser.post(open_call.url, {**draft_data(open_call), "csrfmiddlewaretoken": token})

    response = browser.post("/apply/check/", DECLARATIONS)

    assert_refused_in_plain_words(response)
    application = Application.objects.get()
    assert application.status == "draft"  # kept, and not sent
    assert application.reference is None
    assert not QueuedEmail.objects.exists()
    # and with the token it is sent, the answers having waited in the draft
    check = browser.get("/apply/check/")
    browser.post("/apply/check/", {**DECLARATIONS, "csrfmiddlewaretoken": csrf_token(check)})
    assert Application.objects.get().status == "submitted"


def test_withdrawing_without_the_token_is_refused(browser, open_call):
    application = ApplicationFactory(page=open_call)
    link = browser.get(
        reverse("fund_status_open", args=[access.make_token(application, "fund.status")])
    )
    browser.post(link.request["PATH_INFO"], {"csrfmiddlewaretoken": csrf_token(link)})

    response = browser.post(reverse("fund_status_withdraw"), {"withdraw-reason": "We merged."})

    assert_refused_in_plain_words(response)
    application.refresh_from_db()
    assert application.status == "submitted"


# --- the admin ----------------------------------------------------------------------


def test_an_award_posted_without_the_token_is_refused(browser, open_call, manager):
    application = reviewed_application(open_call)
    browser.force_login(manager)

    response = browser.post(
        reverse("applications:award", args=[application.pk]), award_form("4000")
    )

    assert_refused_in_plain_words(response)
    assert not Award.objects.exists()


def test_screening_posted_without_the_token_is_refused(browser, open_call, manager):
    application = ApplicationFactory(page=open_call)
    browser.force_login(manager)

    response = browser.post(
        reverse("applications:screen", args=[application.pk]),
        {"decision": "ineligible", "reason": "other", "note": "Not in West Yorkshire."},
    )

    assert_refused_in_plain_words(response)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not QueuedEmail.objects.exists()


def test_a_review_posted_without_the_token_is_refused(browser, open_call, panel_member, manager):
    application = ApplicationFactory(page=open_call, status="eligible")
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
    criterion = open_call.criteria.get()
    browser.force_login(panel_member)

    response = browser.post(
        reverse("fund_reviews:review", args=[assignment.pk]),
        {"action": "submit", "recommendation": "fund_full", f"criterion_{criterion.pk}": "5"},
    )

    assert_refused_in_plain_words(response)
    assert not Review.objects.exists()


# --- the Host header ------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "evil.example:80"])
def test_a_forged_host_gets_a_bad_request_in_plain_words(client, open_call, host):
    response = client.get(open_call.url, HTTP_HOST=host)

    assert response.status_code == 400
    assert NOT_ACCEPTED in page_text(response)
    assert host not in page_text(response)


def test_a_form_posted_with_a_forged_host_saves_and_sends_nothing(client, open_call):
    response = client.post(
        open_call.url, form_data(open_call, action="save"), HTTP_HOST="evil.example"
    )

    assert response.status_code == 400
    assert not Application.objects.exists()
    assert not QueuedEmail.objects.exists()
    assert mail.outbox == []


def links_in(body):
    return re.findall(r"https?://\S+", body)


def test_links_in_e_mails_come_from_the_site_not_from_the_request(
    client, open_call, django_capture_on_commit_callbacks
):
    """Posted to an address the site answers on (127.0.0.1) with a forged
    X-Forwarded-Host: the links point at the site's own address."""
    forged = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_HOST": "evil.example"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_call.url, form_data(open_call, action="save"), **forged)
        client.post(open_call.url, form_data(open_call), **forged)
        client.post("/apply/check/", DECLARATIONS, **forged)

    assert Application.objects.get().status == "submitted"
    assert len(mail.outbox) == 2  # the link back to the draft, and the acknowledgement
    links = [link for message in mail.outbox for link in links_in(message.body)]
    assert links, "the e-mails carry the private links"
    for link in links:
        assert link.startswith("http://localhost/apply/"), link


def test_production_settings_refuse_to_start_without_allowed_hosts(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 50,
        BANK_DETAILS_KEY="y" * 40,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", "from django.conf import settings; settings.ALLOWED_HOSTS"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
    assert "*" not in settings.ALLOWED_HOSTS
