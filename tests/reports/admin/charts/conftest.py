"""The fixtures of tests/reports/admin/charts.

Reports > Call statistics: a call's applications by status and district,
the distribution of their scores, and what they asked for against what has
been awarded, each as an SVG picture beside a table of its figures.
"""

import datetime as dt

import pytest
from django.utils import timezone

from fund.awards.services.decisions import application_decline
from fund.awards.services.lifecycle import award_withdraw
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory, ReviewAssignmentFactory, ReviewFactory
from tests.factories.calls import make_call
from tests.reports.admin.charts.helpers import scored
from tests.support.states import award


@pytest.fixture
def reviewers(role_user):
    return [role_user("Grant panel") for _ in range(2)]


@pytest.fixture
def bids(fund_page, open_call, manager, reviewers):
    """Eight applications sent to the open call, a draft, and one to another call.

    | bid | status     | districts                      | requested | mean score | award           |
    |-----|------------|--------------------------------|-----------|------------|-----------------|
    | A   | awarded    | leeds, bradford                | 4,000     | 90 (5, 4)  | 3,000           |
    | H   | awarded    | wakefield                      | 2,500     | 100 (5)    | 2,000 withdrawn |
    | B   | declined   | leeds                          | 2,000     | 70 (3, 4)  |                 |
    | G   | reviewed   | leeds                          | 3,000     | 0 (0)      |                 |
    | C   | in review  | kirklees                       | 1,500     | none: a draft review only |
    | D   | submitted  | wakefield, leeds, calderdale   | 1,000     |            |                 |
    | E   | ineligible | bradford                       | 500       |            |                 |
    | F   | withdrawn  | calderdale                     | 700       |            |                 |
    """
    first, second = reviewers
    a = scored(
        open_call, manager, reviewers, 5, 4, districts=["leeds", "bradford"], amount_requested=4000
    )
    award(a, manager, "3000")
    h = scored(open_call, manager, [first], 5, districts=["wakefield"], amount_requested=2500)
    award_withdraw(award=award(h, manager, "2000"), reason="Group closed.", by=manager)
    b = scored(open_call, manager, reviewers, 3, 4, districts=["leeds"], amount_requested=2000)
    application_decline(
        early_reason="Decided early in a test.",
        application=b,
        reason="score",
        feedback="Scored below the line.",
        by=manager,
    )
    scored(open_call, manager, [first], 0, districts=["leeds"], amount_requested=3000)

    c = ApplicationFactory(page=open_call, districts=["kirklees"], amount_requested=1500)
    application_screen(application=c, eligible=True, by=manager)
    assignment = ReviewAssignmentFactory(application=c, reviewer=second, by=manager)
    ReviewFactory(assignment=assignment, score=5, recommendation="", submit=False)

    ApplicationFactory(
        page=open_call, districts=["wakefield", "leeds", "calderdale"], amount_requested=1000
    )
    e = ApplicationFactory(page=open_call, districts=["bradford"], amount_requested=500)
    application_screen(application=e, eligible=False, reason="outside_area", by=manager)
    ApplicationFactory(
        page=open_call, status="withdrawn", districts=["calderdale"], amount_requested=700
    )

    # Never counted: a draft, and an application to another call.
    ApplicationFactory(
        page=open_call, status="draft", districts=["kirklees", "leeds"], amount_requested=5000
    )
    other = make_call(
        fund_page,
        slug="other",
        title="Other round",
        opens_at=timezone.now() - dt.timedelta(days=30),
    )
    ApplicationFactory(page=other, districts=["leeds"], amount_requested=4500)
    return open_call
