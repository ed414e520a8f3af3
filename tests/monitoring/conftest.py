"""Grants to report on, and the button that asks for an impact report."""

import datetime as dt

import pytest
from django.urls import reverse

from fund.monitoring.models import ImpactReport
from tests.support.outcomes import add_grants
from tests.support.pages import page_text


@pytest.fixture
def impact_report_storage(private_storage):
    """The storage this test's impact reports are kept in (its own folder)."""
    return ImpactReport._meta.get_field("file").storage


@pytest.fixture
def year_grants(open_call, manager):
    """Four grants decided in the fund's year, 2026-27 (tests/support/outcomes.py)."""
    awards = add_grants(open_call, 4, manager=manager)
    for award in awards:
        award.decided_at = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
        award.save()
    return awards


@pytest.fixture
def press(client, django_capture_on_commit_callbacks):
    """Press "Make the impact report" (or post to ``url``) as ``user``; the
    task runs once the request commits. The dashboard the button leads back
    to, as the person reads it."""

    def press(user, fund, url=None, **data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url or reverse("fund_outcomes_impact_request", args=[fund.pk]), data
            )
        assert response.status_code == 302
        assert response["Location"].endswith(f"?fund={fund.pk}#impact-reports-section")
        return page_text(client.get(response["Location"]))

    return press
