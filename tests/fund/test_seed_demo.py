"""`manage.py seed_demo`: the demo site a newcomer sees after `make run`."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from fund.models import Application, CallPage, FundPage

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
    closed = CallPage.objects.exclude(pk=open_call.pk).get()
    assert closed.has_closed()
    assert Application.objects.filter(page=closed, status="submitted").count() == 15
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "manager", "finance", "panel1"} <= usernames
    # and the site answers
    assert "Tackling modern slavery and human trafficking" in client.get("/").content.decode()


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
