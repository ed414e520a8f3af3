"""The fixtures of tests/security/access.

Nobody reaches what is not theirs by guessing or crafting a request.
"""

from decimal import Decimal

import pytest
from django.utils import timezone

from fund.awards.services.awards import award_accept, award_make, payment_record
from fund.reviews.models import Review
from fund.reviews.services import ScoreInput, conflict_declare, review_save, reviewer_assign
from tests.factories import ApplicationFactory, UserFactory
from tests.security.access.helpers import (
    OTHER_REVIEW_COMMENT,
    application,
    document,
    letter_for,
    panel_user,
)
from tests.support.banking import bank_details_approved


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
    call = open_call
    (criterion,) = call.criteria.all()
    second = panel_user("Second")
    third = panel_user("Third")

    assigned = application(call, "assigned", status="eligible")
    mine = reviewer_assign(application=assigned, reviewer=panel_member, by=manager)
    conflict_declare(assignment=mine, has_conflict=False, by=panel_member)
    theirs = reviewer_assign(application=assigned, reviewer=second, by=manager)
    conflict_declare(assignment=theirs, has_conflict=False, by=second)
    review_save(
        assignment=theirs,
        scores=[ScoreInput(criterion_id=criterion.pk, score=5)],
        comment=OTHER_REVIEW_COMMENT,
        recommendation="fund_full",
        submit=True,
        by=second,
    )

    unassigned = application(call, "unassigned")
    conflicted = application(call, "conflicted", status="eligible")
    mine_conflicted = reviewer_assign(application=conflicted, reviewer=panel_member, by=manager)
    conflict_declare(
        assignment=mine_conflicted,
        has_conflict=True,
        description="My sister runs it.",
        by=panel_member,
    )

    awarded = application(call, "awarded", status="reviewed")
    award = award_make(
        early_reason="Decided early in a test.",
        application=awarded,
        amount=Decimal("2000.00"),
        conditions="<p>Report.</p>",
        by=manager,
    )
    accepted = application(call, "accepted", status="reviewed")
    accepted_award = award_make(
        early_reason="Decided early in a test.",
        application=accepted,
        amount=Decimal("2400.00"),
        conditions="<p>Report.</p>",
        by=manager,
    )
    award_accept(award=accepted_award, name="Lee Accepted", position="Chair", by=manager)
    bank_details_approved(accepted_award)
    payment_record(
        award=accepted_award,
        paid_on=timezone.localdate(),
        amount=Decimal("1000.00"),
        bacs_reference="PAY1",
        by=finance,
    )
    return {
        "call": call,
        "criterion": criterion,
        "second": second,
        "third": third,
        "assigned": assigned,
        "unassigned": unassigned,
        "conflicted": conflicted,
        "awarded": awarded,
        "accepted": accepted,
        "mine": mine,
        "theirs": theirs,
        "mine_conflicted": mine_conflicted,
        "their_review": Review.objects.get(assignment=theirs),
        "award": award,
        "accepted_award": accepted_award,
        "letter": letter_for(award),
        "accepted_letter": letter_for(accepted_award),
        "document": document(unassigned),
        "assigned_document": document(assigned, "assigned-budget.pdf"),
        "conflicted_document": document(conflicted, "conflicted-budget.pdf"),
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
