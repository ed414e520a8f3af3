"""What the tests of tests/reviews/admin/ranking share.

The ranking report: a call's reviewed applications in order of mean score,
the cumulative amount requested and the funding line at the fund's remaining
budget, for fund managers only, with formula-safe downloads.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call

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
    application = ApplicationFactory(page=call, **fields)
    application_screen(application=application, eligible=True, by=manager)
    (criterion,) = call.criteria.all()
    for reviewer, score in zip(reviewers, scores, strict=True):
        assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
        review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=criterion.pk, score=score)],
            recommendation="fund_full",
            submit=True,
            by=reviewer,
        )
    return application
