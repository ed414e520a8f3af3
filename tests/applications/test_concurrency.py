"""Concurrent submissions on PostgreSQL (SQLite serialises every writer,
so it cannot show these races). Each thread opens its own connection.

The tabs of one browser are test clients that share its session cookie; a
different browser is a client with its own."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from fund.applications.models import Application
from fund.core.outbox import QueuedEmail
from tests.support.applying import form_data, pdf

DECLARATIONS = {"declare_true": "on", "declare_privacy": "on"}

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run_together(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def worker(index):
        try:
            barrier.wait(timeout=20)
            work(index)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a tab never finished"
    assert not errors, errors


def _browser(call):
    """A browser that has opened the call's page (so it has its session)."""
    browser = Client()
    assert browser.get(call.url).status_code == 200
    return browser


def _tabs(browser, count):
    """``count`` tabs of ``browser``: each request carries its session cookie."""
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    tabs = []
    for _n in range(count):
        tab = Client()
        tab.cookies[settings.SESSION_COOKIE_NAME] = cookie
        tabs.append(tab)
    return tabs


def _send(tab, call, payload, *, files=True):
    """Continue from the form, then "Accept and send": the tab must end on
    the confirmation, whatever the other tabs did meanwhile."""
    data = {**payload, "documents": [pdf()]} if files else payload
    response = tab.post(call.url, data)
    assert response.status_code == 302, response.status_code
    assert response.url in {"/apply/check/", "/apply/sent/"}, response.url
    response = tab.post("/apply/check/", DECLARATIONS, follow=True)
    assert response.status_code == 200, response.status_code
    assert "Application sent" in response.content.decode()


def test_ten_concurrent_submissions_get_ten_distinct_references(open_call):
    url = open_call.url
    payloads = [form_data(open_call, contact_email=f"applicant{n}@example.org") for n in range(10)]

    def submit(index):
        browser = Client()
        response = browser.post(url, {**payloads[index], "documents": [pdf()]})
        assert response.status_code == 302, response.status_code
        response = browser.post("/apply/check/", DECLARATIONS, follow=True)
        assert "Application sent" in response.content.decode()

    _run_together(10, submit)

    references = list(Application.objects.values_list("reference", flat=True))
    assert len(references) == 10
    assert len(set(references)) == 10
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, 11))


def test_the_same_form_sent_at_once_from_four_tabs_creates_one_application(
    open_call, private_storage
):
    tabs = _tabs(_browser(open_call), 4)
    payload = form_data(open_call)

    _run_together(4, lambda index: _send(tabs[index], open_call, payload))

    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.reference
    assert application.documents.count() == 1
    stored = [p for p in private_storage.rglob("*") if p.is_file()]
    assert len(stored) == 1  # the same file from each tab is kept once
    assert QueuedEmail.objects.filter(kind="acknowledgement").count() == 1


def test_accept_and_send_at_once_from_four_tabs_sends_once_and_confirms_in_each(open_call):
    browser = _browser(open_call)
    assert browser.post(open_call.url, form_data(open_call)).url == "/apply/check/"
    tabs = _tabs(browser, 4)

    def accept_and_send(index):
        response = tabs[index].post("/apply/check/", DECLARATIONS, follow=True)
        assert response.status_code == 200, response.status_code
        assert "Application sent" in response.content.decode()

    _run_together(4, accept_and_send)

    application = Application.objects.get()
    assert application.status == "submitted"
    assert QueuedEmail.objects.filter(kind="acknowledgement").count() == 1


def test_continuing_in_some_tabs_while_others_send_never_winds_the_application_back(open_call):
    """Two tabs press "Continue" on the form while two press "Accept and
    send": a save that read the draft before it was sent must not write it
    back as a draft (the cause of the 404 at /apply/sent/)."""
    browser = _browser(open_call)
    payload = form_data(open_call)
    assert browser.post(open_call.url, payload).url == "/apply/check/"
    tabs = _tabs(browser, 4)
    changed = {**payload, "project_title": "Drop-in advice and outreach"}

    def work(index):
        if index % 2:
            response = tabs[index].post("/apply/check/", DECLARATIONS, follow=True)
            assert "Application sent" in response.content.decode()
        else:
            _send(tabs[index], open_call, changed, files=False)

    _run_together(4, work)

    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.reference
    assert QueuedEmail.objects.filter(kind="acknowledgement").count() == 1


def test_another_browser_posting_the_same_token_at_once_gets_only_its_own_draft(open_call):
    owner, stranger = _browser(open_call), _browser(open_call)
    payload = form_data(open_call)
    stolen = {**payload, "contact_email": "stranger@example.net"}

    def work(index):
        browser, data = (owner, payload) if index == 0 else (stranger, stolen)
        assert browser.post(open_call.url, data).status_code == 302

    _run_together(2, work)

    emails = sorted(Application.objects.values_list("contact_email", flat=True))
    assert emails == ["sam@example.org", "stranger@example.net"]
