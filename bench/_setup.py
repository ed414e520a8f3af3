"""Shared set-up for the benchmarks: the database, Django, the data they
measure, the timing and the description of the machine.

The database is a throw-away one: ``BENCH_DATABASE_URL`` if set (an empty
database, used as it is); otherwise a fresh PostgreSQL database named
``scf_bench`` on 127.0.0.1:5432 if PostgreSQL answers there (created for the
run and dropped at its end); otherwise an SQLite file in a temporary folder.
``BENCH_DATABASE=sqlite`` forces SQLite.
"""

import atexit
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess  # noqa: S404 - runs lscpu, no user input
import sys
import tempfile
import time
import uuid
from decimal import Decimal
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


def machine() -> str:
    """What the figures were measured on, printed at the top of each benchmark."""
    from importlib.metadata import version

    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return "\n".join(
        [
            f"Machine:  {platform.system()} {platform.machine()}; {_lscpu()}",
            f"Software: Python {platform.python_version()}, Django {version('django')}, "
            f"Wagtail {version('wagtail')}, WeasyPrint {version('weasyprint')}",
            f"Database: {_database()}",
            f"Load average at start (1, 5, 15 min): {load}",
        ]
    )


# --- the data --------------------------------------------------------------------------

CRITERIA = [("Need and evidence", 30, 5), ("Delivery", 40, 5), ("Value for money", 30, 5)]


def build_site(*, title="Tackling modern slavery", budget=Decimal("1000000.00")):
    """The home page (default site), the funder details, a fund and an open
    call with its own questions (one written, one optional file) and three
    criteria."""
    from django.utils import timezone
    from wagtail.models import Page, Site

    from fund.calls.models import CallFormField, CallPage, FundPage, ScoringCriterion
    from fund.core.funder import FunderSettings
    from home.models import HomePage

    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Safer Communities Fund", slug="scf-home")
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    site = Site.objects.get(is_default_site=True)
    FunderSettings.objects.update_or_create(
        site=site,
        defaults={
            "funder_name": "West Yorkshire Combined Authority",
            "address": "Wellington House\n40-50 Wellington Street\nLeeds\nLS1 2DE",
            "email": "grants@example.org",
            "telephone": "0113 245 7676",
            "signatory_name": "Alison Lowe",
            "signatory_title": "Deputy Mayor for Policing and Crime",
        },
    )
    fund = home.add_child(
        instance=FundPage(
            title="Safer Communities Fund",
            slug="fund",
            total_budget=budget,
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2026-27",
            reference_prefix="SCF",
            default_conditions="<p>" + "Spend the grant on the project. " * 20 + "</p>",
        )
    )
    now = timezone.now()
    call = CallPage(
        title=title,
        slug="call",
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=21),
        minimum_award=Decimal("500.00"),
        maximum_award=Decimal("5000.00"),
        summary_word_limit=250,
        introduction="<p>Grants for local organisations that support victims of modern "
        "slavery and human trafficking.</p>",
        eligibility="<p>Charities and community groups working in West Yorkshire.</p>",
        guidance="<p>" + "Tell us what you will do and for whom. " * 15 + "</p>",
    )
    questions = [
        ("How will survivors shape the project?", "multiline", True),
        ("Project budget", "file", False),
    ]
    for order, (label, field_type, required) in enumerate(questions):
        call.form_fields.add(
            CallFormField(sort_order=order, label=label, field_type=field_type, required=required)
        )
    for order, (name, weight, maximum) in enumerate(CRITERIA):
        call.criteria.add(
            ScoringCriterion(sort_order=order, name=name, weight=weight, maximum_score=maximum)
        )
    fund.add_child(instance=call)
    return site, fund, CallPage.objects.get(pk=call.pk)


def staff(username, group):
    """A user in one of the role groups the migrations create."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, f"{username}@example.org", "bench-password")
    user.groups.add(Group.objects.get(name=group))
    return user


def refresh_statistics():
    """What autovacuum does on a live PostgreSQL database after a bulk load:
    the planner's statistics. Without them it plans for empty tables."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def add_applications(call, count, *, reviewers, manager, start=0):
    """``count`` screened and scored applications to ``call``, made with
    bulk_create (a few queries per table, not per row) but complete: each has
    an assignment and a submitted review from every reviewer, with a score
    per criterion, so the ranking has real averages, spreads and flags."""
    from django.utils import timezone

    from fund.applications.models import Application
    from fund.applications.status import ApplicationStatus
    from fund.reviews.models import CriterionScore, Review, ReviewAssignment
    from fund.reviews.scoring import Mark, weighted_score

    now = timezone.now()
    today = timezone.localdate()
    applications = Application.objects.bulk_create(
        Application(
            page=call,
            submission_token=uuid.uuid4(),
            status=ApplicationStatus.REVIEWED,
            reference=f"SCF-2026-{number + 1:05d}",
            organisation_name=f"Example Community Group {number}",
            organisation_type="unregistered",
            address="1 Mill Lane\nLeeds",
            postcode="LS1 2AB",
            contact_name="Sam Example",
            contact_email=f"contact{number}@example.org",
            contact_phone="01134960000",
            project_title="Drop-in advice for survivors",
            project_summary="Advice for people leaving exploitation. " * 10,
            amount_requested=Decimal(500 + (number * 37) % 4500),
            planned_start=today + dt.timedelta(days=30),
            planned_end=today + dt.timedelta(days=395),
            districts=["leeds", "bradford"],
            form_data={"how_will_survivors_shape_the_project": "Through our steering group."},
            questions=[],
            submitted_at=now - dt.timedelta(minutes=number),
            screened_by=manager,
            screened_at=now,
        )
        for number in range(start, start + count)
    )
    if not applications[0].pk:  # databases that do not return ids from bulk inserts
        applications = list(Application.objects.filter(page=call).order_by("pk")[start:])
    if not reviewers:
        return applications
    assignments = ReviewAssignment.objects.bulk_create(
        ReviewAssignment(
            application=application,
            reviewer=reviewer,
            assigned_by=manager,
            conflict="none",
            conflict_declared_at=now,
        )
        for application in applications
        for reviewer in reviewers
    )
    if not assignments[0].pk:
        assignments = list(
            ReviewAssignment.objects.filter(application__in=applications).order_by("pk")
        )
    criteria = list(call.criteria.all())
    reviews, marks = [], []
    for index, assignment in enumerate(assignments):
        scores = [
            (index * 7 + position * 3) % (criterion.maximum_score + 1)
            for position, criterion in enumerate(criteria)
        ]
        marks.append(scores)
        reviews.append(
            Review(
                assignment=assignment,
                status="submitted",
                comment="A clear plan with a real need behind it.",
                recommendation=["fund_full", "fund_part", "decline"][index % 3],
                suggested_amount=Decimal("1000.00") if index % 3 == 1 else None,
                score=weighted_score(
                    Mark(score=score, maximum=criterion.maximum_score, weight=criterion.weight)
                    for score, criterion in zip(scores, criteria, strict=True)
                ),
                submitted_at=now,
            )
        )
    reviews = Review.objects.bulk_create(reviews)
    if not reviews[0].pk:
        reviews = list(Review.objects.filter(assignment__in=assignments).order_by("pk"))
    CriterionScore.objects.bulk_create(
        CriterionScore.for_criterion(criterion, review=review, score=score)
        for review, scores in zip(reviews, marks, strict=True)
        for score, criterion in zip(scores, criteria, strict=True)
    )
    return applications
