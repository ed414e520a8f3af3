"""`manage.py seed_demo`: the demo site a newcomer sees after `make run`."""

from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from fund.applications import access
from fund.applications.models import Application
from fund.awards.models.awards import Award, AwardLetter, BudgetEntry, FundReturn
from fund.awards.models.bank import BankDetails
from fund.calls.models import CallPage, FundPage
from fund.reviews import selectors as reviews_selectors
from fund.reviews.models import ReviewAssignment
from fund.reviews.selectors import application_needs_moderation, decided_applications

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_fund_its_calls_applications_and_users(client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    fund = FundPage.objects.get()
    assert fund.total_budget == Decimal("50000.00")
    assert fund.funding_source == "Proceeds of Crime Act 2002"
    open_call = CallPage.objects.get(title="Tackling modern slavery and human trafficking")
    assert open_call.is_open()
    assert open_call.closes_at - timezone.now() > timezone.timedelta(days=14)
    assert (open_call.minimum_award, open_call.maximum_award) == (
        Decimal("500.00"),
        Decimal("5000.00"),
    )
    assert [(c.name, c.weight) for c in open_call.criteria.all()] == [
        ("Need and evidence", 30),
        ("Outcomes for victims", 30),
        ("Partnership and safeguarding", 20),
        ("Value for money", 20),
    ]
    # Every criterion says what each of its scores, 0 to 5, means.
    for criterion in open_call.criteria.all():
        criterion.full_clean()
        assert len(criterion.descriptors()) == 6
    closed = CallPage.objects.exclude(pk=open_call.pk).get()
    assert closed.has_closed()
    assert Application.objects.filter(page=closed).exclude(status="draft").count() == 15
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "manager", "finance", "panel1"} <= usernames
    # and the site answers
    assert "Tackling modern slavery and human trafficking" in client.get("/").content.decode()
    # at the address `make run` serves, which the e-mails' links are built from
    assert access.status_url(Application.objects.exclude(status="draft").first()).startswith(
        settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/apply/view/"
    )


def test_seed_demo_can_run_twice_without_duplicating_anything():
    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        call_command("seed_demo", stdout=quiet)

    assert FundPage.objects.count() == 1
    assert CallPage.objects.count() == 2
    assert Application.objects.count() == 15
    assert Application.objects.values("reference").distinct().count() == 15


def test_seed_demo_prints_the_demo_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "manager" in out
    assert "safer-communities-demo" in out


def test_seed_demo_gives_the_panel_reviews_in_every_state():

    with open("/dev/null", "w") as quiet:
        call_command("seed_demo", stdout=quiet)

    closed = CallPage.objects.get(slug="supporting-survivors-autumn-round")
    statuses = Counter(Application.objects.filter(page=closed).values_list("status", flat=True))
    assert statuses == {
        "submitted": 2,
        "ineligible": 1,
        "in_review": 2,
        "reviewed": 2,
        "awarded": 6,
        "declined": 2,
    }
    panel1 = ReviewAssignment.objects.filter(reviewer__username="panel1")
    states = Counter(str(a.review_state) for a in panel1.select_related("review"))
    assert states["Not started"] == 1
    assert states["Draft"] == 1
    assert states["Submitted"] == 10
    assert ReviewAssignment.objects.filter(conflict="declared").count() == 1
    rows, _remaining = reviews_selectors.ranking(call=closed)
    decided = decided_applications(call=closed)  # listed apart from the ranking
    assert any(row.flagged for row in rows) or any(
        application_needs_moderation(application) for application in decided
    )


def test_seed_demo_makes_awards_in_each_state_with_letters_and_a_consistent_ledger(
    django_capture_on_commit_callbacks,
):

    with (
        open("/dev/null", "w") as quiet,
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("seed_demo", stdout=quiet)

    assert Counter(Award.objects.values_list("status", flat=True)) == {
        "offered": 2,
        "accepted": 2,
        "paid": 2,
    }
    assert AwardLetter.objects.filter(status="current").count() == 6
    # Accepted awards have bank details: three approved, one waiting for finance.
    assert Counter(BankDetails.objects.values_list("status", flat=True)) == {
        "approved": 3,
        "pending": 1,
    }
    assert FundReturn.objects.count() == 1
    fund = FundPage.objects.get()
    assert BudgetEntry.objects.aggregate(s=Sum("amount"))["s"] == fund.committed
    assert Decimal("0") < fund.committed < fund.total_budget
