"""A database connection that goes away (PostgreSQL restarted, a fail-over,
an idle time-out) costs at most the one request that met it, never the
worker: Django keeps each worker's connection for DB_CONN_MAX_AGE seconds
and, with DB_CONN_HEALTH_CHECKS, checks it before reusing it.

PostgreSQL itself is never restarted (others use it): the test ends the
server's own backends, found by the application name it connects with."""

import time
import uuid

import pytest
import requests
from django.db import connection

from tests.deploy.processes import environment, print_logs
from tests.support.servers import gunicorn

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REQUESTS_AFTER = 5


def backends_terminate(application_name: str) -> int:
    """End every PostgreSQL backend of ``application_name`` on the test
    database, as a restart would, and wait until they are gone. Returns how
    many there were."""
    query = (
        "SELECT {} FROM pg_stat_activity WHERE application_name = %s "
        "AND datname = current_database() AND pid <> pg_backend_pid()"
    )
    with connection.cursor() as cursor:
        cursor.execute(query.format("pg_terminate_backend(pid)"), [application_name])
        ended = len(cursor.fetchall())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            cursor.execute(query.format("pid"), [application_name])
            if not cursor.fetchall():
                return ended
            time.sleep(0.05)
    raise TimeoutError(f"the backends of {application_name} did not end")


@pytest.mark.parametrize(
    ("health_checks", "failures"), [("true", 0), ("false", 1)], ids=["checked", "unchecked"]
)
def test_a_dropped_connection_costs_at_most_one_request_and_no_worker(
    home_page, tmp_path, health_checks, failures
):
    """With health checks (the default) the dead connection is found and
    replaced before the request uses it: none fails. Without them exactly
    the first request after the drop fails, which shows the check is what
    saves it; either way the worker lives on."""
    name = f"scf-test-{uuid.uuid4().hex[:12]}"
    env = environment(
        tmp_path, application_name=name, DB_CONN_MAX_AGE="60", DB_CONN_HEALTH_CHECKS=health_checks
    )
    try:
        with gunicorn(env=env, log=tmp_path / "gunicorn.log", workers=1) as server:
            assert requests.get(server.url, timeout=60).status_code == 200
            workers = server.worker_pids()
            assert backends_terminate(name) == 1  # the worker's kept connection

            codes = [
                requests.get(server.url, timeout=60).status_code for _ in range(REQUESTS_AFTER)
            ]

            failed = [code for code in codes if code != 200]
            assert len(failed) == failures, codes
            assert codes[len(failed) :] == [200] * (REQUESTS_AFTER - len(failed)), codes
            assert server.worker_pids() == workers
    finally:
        print_logs(tmp_path)
