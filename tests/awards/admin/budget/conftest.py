"""The fixtures of tests/awards/admin/budget.

Budget at a glance (the dashboard panel) and the awards report, through
the admin as each role would use them.
"""

import pytest
from django.utils import timezone

from fund.awards.services.lifecycle import award_withdraw
from fund.awards.services.payments import return_record
from tests.awards.admin.budget.helpers import HOSTILE, PAYING
from tests.factories import AwardFactory


@pytest.fixture
def money(open_call, manager, finance):
    """Three awards from the £50,000 fund:

    - £5,000 to Aire Valley Freedom Project: accepted, £3,000 paid, £500 returned;
    - £2,000 to a hostile name: offered;
    - £1,000 to Calder Women's Refuge: withdrawn, so released.

    Committed £6,500 (8,000 - 1,000 released - 500 returned); paid £3,000 and
    £500 back, so £2,500 net; £4,000 committed but unpaid; £43,500 remaining.
    """
    paid = AwardFactory(
        call=open_call,
        by=manager,
        amount="5000",
        application__organisation_name="Aire Valley Freedom Project",
        paid=True,
        paid_amount="3000",
        finance=finance,
        **PAYING,
    )
    return_record(
        award=paid,
        received_on=timezone.localdate(),
        amount="500",
        reason="underspend",
        by=finance,
    )
    offered = AwardFactory(
        call=open_call, by=manager, amount="2000", application__organisation_name=HOSTILE
    )
    withdrawn = AwardFactory(
        call=open_call,
        by=manager,
        amount="1000",
        application__organisation_name="Calder Women's Refuge",
    )
    award_withdraw(award=withdrawn, reason="The project did not go ahead.", by=manager)
    return {"paid": paid, "offered": offered, "withdrawn": withdrawn}
