"""Concurrent submissions on PostgreSQL (SQLite serialises every writer,
so it cannot show these races). Each thread opens its own connection."""

import threading

import pytest
from django.db import connection
from django.test import Client

from fund.models import Application
from tests.fund.applying import form_data, pdf

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
    assert not errors, errors


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
    url = open_call.url
    payload = form_data(open_call)

    def submit(index):
        browser = Client()
        response = browser.post(url, {**payload, "documents": [pdf()]})
        assert response.status_code == 302, response.status_code
        response = browser.post("/apply/check/", DECLARATIONS, follow=True)
        assert "Application sent" in response.content.decode()

    _run_together(4, submit)

    application = Application.objects.get()
    assert application.documents.count() == 1
    stored = [p for p in private_storage.rglob("*") if p.is_file()]
    assert len(stored) == 1  # the same file from each tab is kept once
