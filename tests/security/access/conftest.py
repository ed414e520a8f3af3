"""The fixtures of tests/security/access.

Nobody reaches what is not theirs by guessing or crafting a request.
"""

from decimal import Decimal

import pytest

from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    UserFactory,
    make_document,
)
from tests.security.access.helpers import OTHER_REVIEW_COMMENT, application, letter_for
from tests.security.helpers import panel_user


def reviews_world(call, manager, panel_member):
    """The applications with the panel: assigned, unassigned and conflicted."""
    second = panel_user("Second")
    assigned = application(call, "assigned", status="eligible")
    mine = ReviewAssignmentFactory(application=assigned, reviewer=panel_member, by=manager)
    theirs = ReviewAssignmentFactory(application=assigned, reviewer=second, by=manager)
    ReviewFactory(assignment=theirs, score=5, comment=OTHER_REVIEW_COMMENT)

    unassigned = application(call, "unassigned")
    conflicted = application(call, "conflicted", status="eligible")
    mine_conflicted = reviewer_assign(application=conflicted, reviewer=panel_member, by=manager)
    conflict_declare(
        assignment=mine_conflicted,
        has_conflict=True,
        description="My sister runs it.",
        by=panel_member,
    )
    return {
        "second": second,
        "assigned": assigned,
        "unassigned": unassigned,
        "conflicted": conflicted,
        "mine": mine,
        "theirs": theirs,
        "mine_conflicted": mine_conflicted,
        "their_review": Review.objects.get(assignment=theirs),
        "document": make_document(unassigned),
        "assigned_document": make_document(assigned, "assigned-budget.pdf"),
        "conflicted_document": make_document(conflicted, "conflicted-budget.pdf"),
    }


def awards_world(call, manager, finance):
    """The applications awarded: one offered, one accepted and part paid."""
    awarded = application(call, "awarded", status="reviewed")
    award = AwardFactory(
        application=awarded, by=manager, amount=Decimal("2000.00"), conditions="<p>Report.</p>"
    )
    accepted = application(call, "accepted", status="reviewed")
    accepted_award = AwardFactory(
        application=accepted,
        by=manager,
        amount=Decimal("2400.00"),
        conditions="<p>Report.</p>",
        paid=True,
        accepted_by="Lee Accepted",
        recorded_by=manager,
        paid_amount=Decimal("1000.00"),
        bacs_reference="PAY1",
        finance=finance,
    )
    return {
        "awarded": awarded,
        "accepted": accepted,
        "award": award,
        "accepted_award": accepted_award,
        "letter": letter_for(award),
        "accepted_letter": letter_for(accepted_award),
    }


@pytest.fixture
def world(open_call, manager, finance, panel_member):
    """
    - assigned: in review; assigned to the panel member (no conflict, their
      review not yet submitted) and to a second reviewer, who has submitted
      a review with a comment;
    - unassigned: submitted, not screened; has a document;
    - conflicted: in review; the panel member declared a conflict on it;
    - awarded: offered an award, its letter made;
    - accepted: offered, accepted and part paid.
    """
    (criterion,) = open_call.criteria.all()
    return {
        "call": open_call,
        "criterion": criterion,
        **reviews_world(open_call, manager, panel_member),
        "third": panel_user("Third"),
        **awards_world(open_call, manager, finance),
    }


@pytest.fixture
def draft(open_call):
    return ApplicationFactory(
        page=open_call,
        status="draft",
        reference=None,
        submitted_at=None,
        organisation_name="Half Written Draft Group",
        contact_name="Dee Drafter",
        contact_email="dee@example.net",
    )


@pytest.fixture
def no_role(db):
    return UserFactory()


@pytest.fixture
def people(manager, finance, panel_member, no_role):
    return {
        "manager": manager,
        "finance": finance,
        "panel member": panel_member,
        "no role": no_role,
        "anonymous": None,
    }
