"""The fixtures of tests/reviews/admin/ranking.

The ranking report: a call's reviewed applications in order of mean score,
the cumulative amount requested and the funding line at the fund's remaining
budget, for fund managers only, with formula-safe downloads.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from fund.calls.models import CallPage, FundPage
from tests.factories import UserFactory
from tests.reviews.admin.ranking.helpers import closed_call


@pytest.fixture
def call(fund_page):
    return closed_call(fund_page, slug="spring", days_ago=3, title="Spring round")


@pytest.fixture
def committed_fund(fund_page):
    """£50,000 of which £45,000 is already committed: £5,000 remains."""
    FundPage.objects.filter(pk=fund_page.pk).update(committed=Decimal("45000.00"))
    return fund_page


@pytest.fixture
def one_review_is_enough(call):
    """The older examples score each bid once; the minimum is tested below."""
    CallPage.objects.filter(pk=call.pk).update(minimum_reviews=1)
    call.minimum_reviews = 1


@pytest.fixture
def panel(db):
    def make():
        user = UserFactory()
        user.groups.add(Group.objects.get(name="Grant panel"))
        return user

    return make
