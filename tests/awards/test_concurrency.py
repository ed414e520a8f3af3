"""Concurrent awards on PostgreSQL never over-commit the budget."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from fund.awards.models.awards import Award, BudgetEntry
from fund.awards.services.decisions import award_make
from fund.calls.models import FundPage
from fund.core import errors
from tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_twenty_concurrent_5000_awards_against_50000_give_exactly_ten(open_call, manager):
    """Twenty fund managers press "Award £5,000" at the same moment.

    How this test was shown to fail without the lock: with
    ``select_for_update()`` removed from ``fund.awards.services.ledger.fund_lock``
    every thread read £50,000 remaining, all twenty passed the budget check,
    and the eleventh and later UPDATEs hit the database's CHECK constraint:
    ten threads ended in ``IntegrityError`` (a server error for the user)
    instead of a ``ServiceError`` saying how much is left, so the assertion
    on the refusals' message failed. The CHECK still kept the totals right,
    which is why it is there; the lock is what turns a race into a clear
    refusal.
    """
    applications = [
        ApplicationFactory(page=open_call, status="reviewed", amount_requested=Decimal("5000"))
        for _ in range(20)
    ]
    barrier = threading.Barrier(20)
    made, refused, crashed = [], [], []

    def award(application):
        try:
            barrier.wait(timeout=30)
            award_make(
                early_reason="Decided early in a test.",
                application=application,
                amount=Decimal("5000.00"),
                conditions="",
                by=manager,
            )
            made.append(application.pk)
        except errors.ServiceError as error:
            refused.append(error.message)
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test
            crashed.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=award, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert crashed == []
    assert len(made) == 10
    assert len(refused) == 10
    assert all(
        message.startswith("The fund has only £0.00 left, so it cannot award £5,000.00.")
        for message in refused
    )
    fund = FundPage.objects.get(pk=open_call.get_parent().pk)
    assert fund.committed == Decimal("50000.00")
    assert BudgetEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] == Decimal(
        "50000.00"
    )
    assert Award.objects.count() == 10
