"""What the deployment tests share: the environment of the processes they
start (gunicorn, the task worker) against the test database, the shared
cache's table, a browser that speaks HTTP to them, and their logs."""

import sys
from pathlib import Path
from urllib.parse import quote

import requests
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.support.servers import ROOT, running

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fund_cache"}
}


def database_url(application_name: str) -> str:
    """The test database's address, naming the processes that use it in
    PostgreSQL's pg_stat_activity (``application_name``)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}?application_name={quote(application_name)}"
    )


def environment(folder: Path, *, application_name: str, **extra: str) -> dict[str, str]:
    """The production settings (tests/deploy/settings.py) against the test
    database, with private files and e-mails of the test's own."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.deploy.settings",
        "DATABASE_URL": database_url(application_name),
        "SECRET_KEY": "deploy-test-only-not-secret",
        "BANK_DETAILS_KEY": "deploy-test-only-bank-details-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PRIVATE_STORAGE_ROOT": str(folder / "private"),
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def cache_table_ready() -> None:
    """`manage.py createcachetable` on the test database, and the table
    emptied: production's cache without Redis."""
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable")
        cache.clear()


def task_worker(*, env: dict, log: Path):
    """`manage.py db_worker`, the production task worker, for the block."""
    args = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-startup-delay"]
    return running([*args, "--interval", "0.2"], port=None, env=env, log=log)


def print_logs(folder: Path) -> None:
    """The servers' output: pytest shows it when the test fails."""
    for log in sorted(folder.glob("*.log")):
        print(f"--- {log.name}\n{log.read_text(errors='replace')}")  # noqa: T201


class Browser:
    """One person's browser: cookies kept across the servers (they share a
    host, 127.0.0.1), redirects not followed, the CSRF token posted back."""

    def __init__(self):
        self.session = requests.Session()

    def get(self, server, path: str) -> requests.Response:
        return self.session.get(server.url + path, allow_redirects=False, timeout=60)

    def post(self, server, path: str, data, files=None) -> requests.Response:
        token = self.session.cookies.get("csrftoken")
        data = [*_pairs(data), ("csrfmiddlewaretoken", token)]
        return self.session.post(
            server.url + path, data=data, files=files, allow_redirects=False, timeout=60
        )


def _pairs(data):
    """A form's fields as (name, value) pairs, a list value giving one each."""
    for name, value in data.items():
        for each in value if isinstance(value, list | tuple) else [value]:
            yield name, each
