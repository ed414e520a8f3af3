"""The fixtures of tests/awards/admin/awards.

Decisions, awards, payments and letters in the Wagtail admin.
"""

from decimal import Decimal

import pytest

from fund.awards.services.lifecycle import award_accept
from tests.awards.admin.awards.helpers import CONDITIONS
from tests.factories import ApplicationFactory, AwardFactory
from tests.support.banking import bank_details_approved


@pytest.fixture
def reviewed(open_call):
    """An application ready for a decision, asking for £5,000 (the call's maximum)."""
    return ApplicationFactory(
        page=open_call,
        status="reviewed",
        amount_requested=Decimal("5000"),
        reference="SCF-2026-0501",
        organisation_name="Aire Valley Freedom Project",
    )


@pytest.fixture
def make_award(open_call, manager):
    """make_award(amount) -> an offered award. Its letter is left pending:
    on_commit callbacks run only inside django_capture_on_commit_callbacks."""

    def make(amount="4000.00", page=None, **fields):
        application = {f"application__{name}": value for name, value in fields.items()}
        return AwardFactory(
            call=page or open_call, by=manager, amount=amount, conditions=CONDITIONS, **application
        )

    return make


@pytest.fixture
def award(make_award):
    return make_award("4000.00", reference="SCF-2026-0601", organisation_name="Calder Safe Homes")


@pytest.fixture
def accepted(award, manager):
    accepted = award_accept(award=award, name="Ann Lee", position="Chair", by=manager)
    bank_details_approved(accepted)
    return accepted
