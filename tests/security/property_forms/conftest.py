"""The fixtures of tests/security/property_forms.

No 500 anywhere, nothing half-saved (issue 11).
"""

from decimal import Decimal

import pytest

from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    UserFactory,
)
from tests.security.helpers import panel_user
from tests.security.property_forms.helpers import CONDITIONS


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
    theirs = ReviewAssignmentFactory(application=scoring_app, reviewer=second, by=manager)
    their_review = ReviewFactory(assignment=theirs, comment="Strong partnership.")
    reviewed = ApplicationFactory(page=call, status="reviewed", amount_requested=Decimal(5000))
    offered = AwardFactory(
        application=ApplicationFactory(page=call, status="reviewed"),
        by=manager,
        amount=Decimal("2000.00"),
        conditions=CONDITIONS,
    )
    accepted = AwardFactory(
        application=ApplicationFactory(page=call, status="reviewed"),
        by=manager,
        amount=Decimal("2400.00"),
        conditions=CONDITIONS,
        paid=True,
        accepted_by="Lee Accepted",
        recorded_by=manager,
        paid_amount=Decimal("1000.00"),
        bacs_reference="PAY1",
        finance=finance,
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
