"""What the tests of tests/reviews/admin/ranking share.

The ranking report: a call's reviewed applications in order of mean score,
the cumulative amount requested and the funding line at the fund's remaining
budget, for fund managers only, with formula-safe downloads.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.factories.calls import make_call
from tests.support.states import scored_by

FUNDING_LINE = "Funding line: £5,000.00 remaining."


def ranking_url(call=None, **params):
    if call is not None:
        params["call"] = call.pk
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("fund_ranking") + (f"?{query}" if query else "")


def closed_call(fund, *, slug, days_ago, title):
    """A call that closed ``days_ago`` days ago, scored on one criterion out of 5
    (so a score of 4 is 80%)."""
    now = timezone.now()
    return make_call(
        fund,
        slug=slug,
        title=title,
        opens_at=now - dt.timedelta(days=days_ago + 30),
        closes_at=now - dt.timedelta(days=days_ago),
    )


def reviewed(call, manager, reviewers, *scores, **fields):
    """An application screened eligible and scored by each reviewer in turn."""
    return scored_by(call, manager, reviewers, *scores, **fields)
