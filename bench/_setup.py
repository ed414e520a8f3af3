"""Shared set-up for the benchmarks: the database, Django, the data they
measure, the timing and the description of the machine.

The database is a throw-away one: ``BENCH_DATABASE_URL`` if set (an empty
database, used as it is); otherwise a fresh PostgreSQL database named
``scf_bench`` on 127.0.0.1:5432 if PostgreSQL answers there (created for the
run and dropped at its end); otherwise an SQLite file in a temporary folder.
``BENCH_DATABASE=sqlite`` forces SQLite.
"""

import atexit
import os
import platform
import shutil
import statistics
import subprocess  # noqa: S404 - runs lscpu, no user input
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "scf_bench"
POSTGRES = "postgres://postgres@127.0.0.1:5432"


# --- the database and Django ---------------------------------------------------------


def _postgres_admin():
    """A connection to PostgreSQL's maintenance database, or None."""
    try:
        import psycopg2
    except ImportError:
        return None
    try:
        connection = psycopg2.connect(f"{POSTGRES}/postgres", connect_timeout=2)
    except psycopg2.OperationalError:
        return None
    connection.autocommit = True
    return connection


def _fresh_postgres():
    """Recreate scf_bench and drop it when the run ends; None if PostgreSQL is not there."""
    admin = _postgres_admin()
    if admin is None:
        return None
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    admin.close()

    def drop():
        from django.db import connections

        connections.close_all()
        admin = _postgres_admin()
        if admin is not None:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
            admin.close()

    atexit.register(drop)
    return f"{POSTGRES}/{BENCH_DB}"


def database_url(workdir: Path) -> str:
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url
    if os.environ.get("BENCH_DATABASE", "").lower() != "sqlite":
        if url := _fresh_postgres():
            return url
    return f"sqlite:///{workdir / 'bench.sqlite3'}"


def django_setup(settings="bench_settings"):
    """Point Django at a fresh database and private folder, migrate, and
    return the environment a server process needs to use the same ones.
    The settings are production's, as bench_settings.py adapts them."""
    workdir = Path(tempfile.mkdtemp(prefix="scf-bench-"))
    environment = {
        "DATABASE_URL": database_url(workdir),
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": settings,
        "SECRET_KEY": "bench-only-not-secret",
        "BANK_DETAILS_KEY": "bench-only-bank-details-key",
        "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable")  # production's cache without Redis
    return environment


def quiet_tasks():
    """Settings under which tasks are queued and never run (for making data)."""
    from django.test import override_settings

    return override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    )


def admin_client(user):
    """A test client signed in as ``user``. ``force_login`` skips the sign-in
    form and so the second step of two-factor authentication: mark the
    session verified with a backup-code device, as tests/conftest.py does."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    try:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice
    except ImportError:  # no two-factor authentication installed
        return client
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Signed in by a benchmark")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# --- timing ----------------------------------------------------------------------------


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def compare(first, second, *, repeat=7, scale=1):
    """Median times of two functions run alternately (so that other load on
    the machine falls on both alike), and the median of the per-run ratios
    first / (scale x second)."""
    first(), second()  # warm caches (fonts, templates, content types) first
    pairs = [(timed(first), timed(second)) for _ in range(repeat)]
    return (
        statistics.median(a for a, _b in pairs),
        statistics.median(b for _a, b in pairs),
        statistics.median(a / (scale * b) for a, b in pairs),
    )


def ms(seconds) -> str:
    return f"{seconds * 1000:8.1f} ms"


def verdict(ratio, aim, *, at_least=False) -> str:
    met = ratio >= aim if at_least else ratio <= aim
    return f"(aim {'>=' if at_least else '<='} {aim}: {'met' if met else 'MISSED'})"


# --- the machine ---------------------------------------------------------------------


def _lscpu() -> str:
    lscpu = shutil.which("lscpu")
    if lscpu is None:
        return f"{os.cpu_count()} CPUs"
    output = subprocess.run([lscpu], capture_output=True, text=True, check=False).stdout  # noqa: S603
    fields = dict(line.split(":", 1) for line in output.splitlines() if ":" in line)
    wanted = ["Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz", "L3 cache"]
    return ", ".join(f"{key} {fields[key].strip()}" for key in wanted if key in fields)


def _database() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} ({connection.settings_dict['NAME']})"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (file)"
    return connection.vendor


def load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> str:
    """What the figures were measured on, printed at the top of each benchmark."""
    from importlib.metadata import version

    return "\n".join(
        [
            f"Machine:  {platform.system()} {platform.machine()}; {_lscpu()}",
            f"Software: Python {platform.python_version()}, Django {version('django')}, "
            f"Wagtail {version('wagtail')}, WeasyPrint {version('weasyprint')}",
            f"Database: {_database()}",
            f"Load average at start (1, 5, 15 min): {load_average()}",
        ]
    )
