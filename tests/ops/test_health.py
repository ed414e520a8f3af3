"""/healthz: what a load balancer asks each server (fund/core/health.py)."""

import importlib
import json
import sys
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from fund.core import health

pytestmark = pytest.mark.django_db

#: What a failing check's exception says, which the answer must never repeat.
SECRETS = ["db.internal.example", "10.9.8.7", "s3cret-password", "no-such-folder"]

HEALTHY = {
    "status": "ok",
    "checks": {
        "database": "ok",
        "storage": "ok",
        "tasks": {"status": "ok", "oldest_queued_seconds": 0},
    },
}


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    """The private storage in a folder of the test's own, which exists."""
    folder = tmp_path / "private-root"
    folder.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(folder)}},
    }
    return folder


def probe(client, **headers):
    """GET /healthz as a load balancer does: by the server's address, which
    ALLOWED_HOSTS does not name, over plain HTTP."""
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000", **headers)
    return response, json.loads(response.content)


def queued(*, waited: timedelta, run_after=None):
    """A task in django-tasks-db's queue, queued ``waited`` ago."""
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="fund.core.mail.deliver_email",
        backend_name="default",
        run_after=run_after or get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def test_a_healthy_server_answers_ok_in_two_queries_whatever_the_host(
    client, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response, body = probe(client)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body == HEALTHY
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    # Every page but this one still refuses a host ALLOWED_HOSTS does not name.
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400


def test_the_answer_carries_the_request_id(client):
    response, _ = probe(client)

    assert len(response["X-Request-ID"]) == 32


def test_a_database_that_does_not_answer_fails_the_database_check(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError(
                'connection to server at "db.internal.example" (10.9.8.7), port 5432 '
                'failed: password authentication failed for user "scf" (s3cret-password)'
            )

    monkeypatch.setattr(health, "connection", Unreachable())

    response, body = probe(client)

    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "fail"
    assert body["checks"]["storage"] == "ok"
    assert not any(secret in response.content.decode() for secret in SECRETS)


def test_a_missing_private_folder_fails_the_storage_check(client, settings, tmp_path, caplog):
    missing = tmp_path / "no-such-folder"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(missing)}},
    }

    response, body = probe(client)

    assert response.status_code == 503
    assert body["checks"] == {**HEALTHY["checks"], "storage": "fail"}
    assert str(tmp_path) not in response.content.decode()
    assert not any(secret in response.content.decode() for secret in SECRETS)
    # The operator finds the reason in the log.
    assert "Health check failed: storage" in caplog.text
    assert "no-such-folder" in caplog.text


def test_a_task_queued_longer_than_the_limit_is_late_but_keeps_the_server_in(
    client, settings, caplog
):
    """A stopped worker would fail every server's check at once, and the
    load balancer would take the whole site down: it is said, and logged,
    but the server stays in."""
    settings.HEALTHZ_MAX_TASK_AGE_SECONDS = 900
    queued(waited=timedelta(seconds=60))
    queued(waited=timedelta(seconds=1000))

    response, body = probe(client)

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"] == body["checks"]["storage"] == "ok"
    tasks = body["checks"]["tasks"]
    assert tasks["status"] == "late"
    assert "Health check failed: tasks" in caplog.text
    assert 1000 <= tasks["oldest_queued_seconds"] < 1100


def test_tasks_waiting_less_than_the_limit_pass_and_say_how_long(client, settings):
    settings.HEALTHZ_MAX_TASK_AGE_SECONDS = 900
    queued(waited=timedelta(seconds=300))

    response, body = probe(client)

    assert response.status_code == 200
    assert 300 <= body["checks"]["tasks"]["oldest_queued_seconds"] < 400


def test_a_task_put_off_until_later_waits_from_then(client, settings):
    """Queued long ago but to run in the future: not waiting yet. Queued
    long ago to run ten seconds ago: waiting ten seconds."""
    settings.HEALTHZ_MAX_TASK_AGE_SECONDS = 900
    now = timezone.now()
    queued(waited=timedelta(days=2), run_after=now + timedelta(hours=1))
    queued(waited=timedelta(days=2), run_after=now - timedelta(seconds=10))

    response, body = probe(client)

    assert response.status_code == 200
    assert 10 <= body["checks"]["tasks"]["oldest_queued_seconds"] < 100


def test_finished_and_running_tasks_are_not_waiting(client, settings):
    settings.HEALTHZ_MAX_TASK_AGE_SECONDS = 900
    for status in ("SUCCESSFUL", "FAILED", "RUNNING"):
        task = queued(waited=timedelta(days=1))
        DBTaskResult.objects.filter(pk=task.pk).update(status=status)

    _, body = probe(client)

    assert body == HEALTHY


def test_only_get_and_head_are_answered(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_production_answers_the_probe_over_plain_http(client, settings, monkeypatch):
    """SECURE_SSL_REDIRECT sends every other page to HTTPS."""
    monkeypatch.setenv("SECRET_KEY", "only-for-this-test")
    monkeypatch.setenv("BANK_DETAILS_KEY", "only-for-this-test")
    monkeypatch.setenv("ALLOWED_HOSTS", "grants.example.org")
    monkeypatch.delitem(sys.modules, "config.settings.production", raising=False)
    production = importlib.import_module("config.settings.production")
    settings.SECURE_SSL_REDIRECT = production.SECURE_SSL_REDIRECT
    settings.SECURE_REDIRECT_EXEMPT = production.SECURE_REDIRECT_EXEMPT

    response, body = probe(client)

    assert response.status_code == 200
    assert body == HEALTHY
    assert client.get("/").status_code == 301
