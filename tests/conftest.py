import os
import uuid
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from wagtail.models import Page, Site

from fund.calls.models import FundPage
from fund.core.funder import FunderSettings
from home.models import HomePage
from tests.factories import UserFactory, make_call, staff
from tests.support.private_files import Bucket, private_files_to
from tests.support.servers import s3_server

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# --- CI: a test that needs PostgreSQL (or a browser) must run there --------


def _on_postgres():
    return django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


#: How to run what SQLite cannot: said by each skipped test and at the end.
POSTGRES_HOW = "DATABASE_URL=postgres://USER@HOST:5432/DBNAME make test"
POSTGRES_SKIP = f"needs PostgreSQL: set DATABASE_URL=postgres://... ({POSTGRES_HOW})"


def _flushes_what_others_restore(item) -> bool:
    """A test that commits (``transaction=True``) empties the database after
    it; without ``serialized_rollback`` Django then makes the content types
    and permissions again, and the next test that restores the database's
    first contents fails on duplicates (in whichever order xdist runs them)."""
    marker = item.get_closest_marker("django_db")
    return bool(
        marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback")
    )


def pytest_collection_modifyitems(config, items):
    careless = [item.nodeid for item in items if _flushes_what_others_restore(item)]
    if careless:
        raise pytest.UsageError(
            "Mark tests that commit django_db(transaction=True, serialized_rollback=True): "
            + ", ".join(careless)
        )
    if _on_postgres():
        return
    skip = pytest.mark.skip(reason=POSTGRES_SKIP)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """After a run on SQLite, say how many tests need PostgreSQL and how to run them."""
    waiting = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "needs PostgreSQL" in str(report.longrepr)
    ]
    if waiting:
        terminalreporter.write_line(
            f"Skipped, as they need PostgreSQL: {len(waiting)}. Run them with {POSTGRES_HOW}",
            yellow=True,
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        # In CI nothing may be skipped: a skipped PostgreSQL or browser test
        # would hide exactly what CI is there to prove.
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, which must run every test: {report.longrepr}"


# --- files and mail ----------------------------------------------------------


@pytest.fixture(autouse=True)
def empty_cache():
    """The public site's limits are counted in the cache: each test starts
    with none used (fund/services/limits.py)."""

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path, monkeypatch):
    """Each test gets its own folders for private and public files."""

    settings.MEDIA_ROOT = tmp_path / "media"
    folder = {
        "BACKEND": "fund.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private")},
    }
    private_files_to(folder, settings, monkeypatch)
    return tmp_path / "private"


@pytest.fixture(scope="session")
def s3_session_server():
    """One S3 server (moto's, over HTTP on loopback) for the session, per
    xdist worker; started only if a test asks for S3."""
    with s3_server() as server:
        yield server


@pytest.fixture
def s3_storage(private_storage, s3_session_server, settings, monkeypatch):
    """A fresh bucket for this test, and every private file field pointed
    at a PrivateS3Storage in it (configured as the settings configure it)."""
    server = s3_session_server
    bucket = server.bucket_create(f"scf-test-{uuid.uuid4().hex[:16]}")
    return private_files_to(server.storage_settings(bucket), settings, monkeypatch)


@pytest.fixture
def bucket(s3_storage, s3_session_server):
    """The test's bucket (``s3_storage``'s) as an operator sees it, with
    boto3 rather than the storage under test."""
    return Bucket(server=s3_session_server, name=s3_storage.bucket_name, prefix=s3_storage.location)


# --- signing in ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def force_login_gives_the_second_factor(request, monkeypatch):
    """``client.force_login()`` skips the sign-in form, so it skips the second
    step of two-factor authentication too: the session is marked as verified
    with a backup-code device. Tests of signing in itself post the real forms
    (tests/security/test_two_factor.py) and mark themselves
    ``real_second_factor`` to keep force_login as Django made it."""
    if "real_second_factor" in request.keywords:
        return

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        device, _ = StaticDevice.objects.get_or_create(user=user, name="Signed in by a test")
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


# --- the page tree -----------------------------------------------------------


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Safer Communities Fund", slug="scf-home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    FunderSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"funder_name": "Test Commissioner", "email": "grants@example.org"},
    )
    return home


@pytest.fixture
def fund_page(home_page):
    return home_page.add_child(
        instance=FundPage(
            title="Safer Communities Fund",
            slug="fund",
            total_budget=Decimal("50000.00"),
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2026-27",
            reference_prefix="SCF",
        )
    )


@pytest.fixture
def open_call(fund_page):
    return make_call(
        fund_page,
        questions=[
            ("How will survivors shape the project?", "multiline", True),
            ("Project budget", "file", False),
        ],
    )


# --- people ------------------------------------------------------------------


@pytest.fixture
def role_user(db):
    """role_user("Fund managers") -> a user in that group (made by the migration)."""
    return staff


@pytest.fixture
def manager(role_user):
    return role_user("Fund managers")


@pytest.fixture
def finance(role_user):
    return role_user("Finance")


@pytest.fixture
def panel_member(role_user):
    return role_user("Grant panel")


@pytest.fixture
def administrator(db):
    """A superuser: Wagtail's administrator, in no group."""
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


# --- property-based tests (Hypothesis) ---------------------------------------
#
# "ci": few examples, fixed seed (the same examples on every run), so the
# suite stays fast and a failure in CI is one anyone can reproduce. "dev" is
# the default on a laptop; "deep" is for a run by hand, e.g.
# HYPOTHESIS_PROFILE=deep pytest tests/security/property_forms/
# Nothing is written to .hypothesis/ in CI.

from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402

_HYPOTHESIS_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
hypothesis_settings.register_profile(
    "ci",
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_HYPOTHESIS_CHECKS,
)
hypothesis_settings.register_profile(
    "dev", max_examples=20, deadline=None, suppress_health_check=_HYPOTHESIS_CHECKS
)
hypothesis_settings.register_profile(
    "deep", max_examples=300, deadline=None, suppress_health_check=_HYPOTHESIS_CHECKS
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if IN_CI else "dev"))
