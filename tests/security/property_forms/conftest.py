"""The fixtures of tests/security/property_forms.

No 500 anywhere, nothing half-saved (issue 11).
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from fund.awards.services.awards import award_accept, award_make, payment_record
from fund.reviews.services import ScoreInput, conflict_declare, review_save, reviewer_assign
from tests.factories import ApplicationFactory, UserFactory
from tests.security.property_forms.helpers import CONDITIONS, panel_user
from tests.support.banking import bank_details_approved


@pytest.fixture
def world(open_call, manager, finance, panel_member, db):
    """One call with an application in each state an admin form acts on."""
    call = open_call
    (criterion,) = call.criteria.all()
    second, third = panel_user("Second"), panel_user("Third")
    administrator = UserFactory(is_superuser=True, is_staff=True)
    target = UserFactory()

    submitted = ApplicationFactory(page=call, contact_email="sar@example.net")
    undeclared_app = ApplicationFactory(page=call, status="eligible")
    undeclared = reviewer_assign(application=undeclared_app, reviewer=panel_member, by=manager)
    scoring_app = ApplicationFactory(page=call, status="eligible")
    scoring = reviewer_assign(application=scoring_app, reviewer=panel_member, by=manager)
    conflict_declare(assignment=scoring, has_conflict=False, by=panel_member)
    theirs = reviewer_assign(application=scoring_app, reviewer=second, by=manager)
    conflict_declare(assignment=theirs, has_conflict=False, by=second)
    their_review = review_save(
        assignment=theirs,
        scores=[ScoreInput(criterion_id=criterion.pk, score=4)],
        comment="Strong partnership.",
        recommendation="fund_full",
        submit=True,
        by=second,
    )
    reviewed = ApplicationFactory(page=call, status="reviewed", amount_requested=Decimal(5000))
    offered_app = ApplicationFactory(page=call, status="reviewed")
    offered = award_make(
        early_reason="Decided early in a test.",
        application=offered_app,
        amount=Decimal("2000.00"),
        conditions=CONDITIONS,
        by=manager,
    )
    accepted_app = ApplicationFactory(page=call, status="reviewed")
    accepted = award_make(
        early_reason="Decided early in a test.",
        application=accepted_app,
        amount=Decimal("2400.00"),
        conditions=CONDITIONS,
        by=manager,
    )
    award_accept(award=accepted, name="Lee Accepted", position="Chair", by=manager)
    bank_details_approved(accepted)
    payment_record(
        award=accepted,
        paid_on=timezone.localdate(),
        amount=Decimal("1000.00"),
        bacs_reference="PAY1",
        by=finance,
    )
    return {
        "call": call,
        "criterion": criterion,
        "users": {
            "manager": manager,
            "finance": finance,
            "panel member": panel_member,
            "second": second,
            "third": third,
            "administrator": administrator,
            "no role": UserFactory(),
            "anonymous": None,
            "target": target,
        },
        "submitted": submitted,
        "undeclared": undeclared,
        "scoring": scoring,
        "scoring_app": scoring_app,
        "their_review": their_review,
        "reviewed": reviewed,
        "offered": offered,
        "accepted": accepted,
    }
