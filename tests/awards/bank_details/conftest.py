"""The fixtures of tests/awards/bank_details.

Bank details: given with the acceptance through the private link, stored
encrypted, masked for all but finance, changed only with the contact's
confirmation and a second member of finance's approval, and needed before
any payment (fund/services/bank.py).
"""

from decimal import Decimal

import pytest

from fund.awards.services.bank import bank_details_approve
from fund.awards.services.decisions import award_make
from tests.awards.bank_details.helpers import CONDITIONS, accept, grantee
from tests.factories import ApplicationFactory
from tests.support.banking import finance_user


@pytest.fixture
def offer(open_call, manager, django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        page=open_call,
        status="reviewed",
        amount_requested=Decimal("5000"),
        reference="SCF-2026-0701",
    )
    with django_capture_on_commit_callbacks(execute=True):
        return award_make(
            early_reason="Decided early in a test.",
            application=application,
            amount="4000.00",
            conditions=CONDITIONS,
            by=manager,
        )


@pytest.fixture
def accepted(offer):
    """Accepted online with bank details, approved by a finance user."""
    accept(grantee(offer))
    offer.refresh_from_db()
    bank_details_approve(details=offer.bank_details.get(), by=finance_user())
    return offer
