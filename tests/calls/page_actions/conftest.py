"""The fixtures of tests/calls/page_actions.

Every Wagtail page action on funds and calls, through the page editor as a
fund manager (or an administrator where only one may act) and through the
model: nothing the fund holds is deleted, copied, moved or wound back with a
page, and a refusal says why on the page the editor comes back to.
"""

from decimal import Decimal

import pytest

from fund.calls.models import FundPage
from tests.factories import ApplicationFactory, AwardFactory


@pytest.fixture
def held(open_call, manager):
    """The call holds a submitted application, a draft and an award of £1,500."""
    ApplicationFactory(page=open_call)
    ApplicationFactory(page=open_call, status="draft", reference=None, submitted_at=None)
    return AwardFactory(
        call=open_call, by=manager, amount="1500", application__amount_requested=Decimal("2500")
    )


@pytest.fixture
def other_fund(home_page):
    return home_page.add_child(
        instance=FundPage(
            title="Safer Streets 2027-28",
            slug="fund-2027",
            total_budget=Decimal("20000.00"),
            funding_source="Home Office",
            financial_year="2027-28",
            reference_prefix="SSF",
        )
    )
