"""Applications brought to each state through the services, and the checks
that a state is one the table of moves allows and that the data agree with
it (shared by tests/applications/test_transitions.py and the PostgreSQL concurrency
tests)."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications.status import DECIDABLE
from fund.awards.models.awards import LIVE_AWARD_STATUSES, Award, BudgetEntry
from fund.awards.services.decisions import application_decline
from fund.calls.models import FundPage
from fund.core import errors
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory, AwardFactory, ReviewAssignmentFactory, ReviewFactory

#: What the confirming post of a decision form adds: the preview's "Confirm",
#: and the reason a decision needs before its call has closed and its
#: reviews are in (most tests decide on an open call).
DECIDE_NOW = {"confirm": "1", "early_reason": "Decided early in a test."}

#: The audit action that puts an application in each status it can end in.
STATUS_ACTIONS = {
    "submitted": {"fund.application.submit"},
    "eligible": {"fund.application.screen"},
    "ineligible": {"fund.application.screen"},
    "in_review": {"fund.review.assign", "fund.review.conflict", "fund.review.reopen"},
    "reviewed": {"fund.review.submit", "fund.review.conflict"},
    "awarded": {"fund.award.make"},
    "declined": {"fund.application.decline"},
    "withdrawn": {"fund.application.withdraw"},
}
ALL_STATUS_ACTIONS = set().union(*STATUS_ACTIONS.values())


def fund_of(application):
    """The fund an application's call belongs to."""
    return FundPage.objects.get(pk=application.page.get_parent().pk)


def award_url(application):
    return reverse("applications:award", args=[application.pk])


def decline_url(application):
    return reverse("applications:decline", args=[application.pk])


def submitted(call, **fields):
    fields.setdefault("amount_requested", Decimal("4000.00"))
    return ApplicationFactory(page=call, **fields)


def eligible(call, manager):
    return application_screen(application=submitted(call), eligible=True, by=manager)


def in_review(call, manager, reviewer):
    """In review, with one panel member assigned and clear of conflicts.
    Returns (application, assignment)."""
    application = eligible(call, manager)
    assignment = ReviewAssignmentFactory(application=application, reviewer=reviewer, by=manager)
    return assignment.application, assignment


def review_submit(call, assignment, reviewer):
    """The reviewer submits their review: 4 for every criterion, fund in full."""
    return ReviewFactory(assignment=assignment, by=reviewer, criteria=call.criteria.all())


def reviewed(call, manager, reviewer):
    """Reviewed by its one panel member. Returns (application, review)."""
    application, assignment = in_review(call, manager, reviewer)
    review = review_submit(call, assignment, reviewer)
    application.refresh_from_db()
    return application, review


def scored_by(call, manager, reviewers, *scores, **fields):
    """An application screened eligible and scored by each reviewer in turn,
    on a call with one criterion; each review recommends funding in full."""
    application = ApplicationFactory(page=call, **fields)
    application_screen(application=application, eligible=True, by=manager)
    (criterion,) = call.criteria.all()
    for reviewer, score in zip(reviewers, scores, strict=True):
        assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
        review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=criterion.pk, score=score)],
            recommendation="fund_full",
            submit=True,
            by=reviewer,
        )
    return application


def award(application, manager, amount="3000.00", **fields):
    """An award of ``amount`` on ``application``, made by award_make as
    ``manager``; ``fields`` as for AwardFactory (conditions, accepted...)."""
    return AwardFactory(application=application, by=manager, amount=amount, **fields)


def offered(call, manager, reviewer):
    application, _review = reviewed(call, manager, reviewer)
    return award(application, manager)


def actions(application):
    """Every audit action on the application, oldest first."""
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def status_actions(application):
    """The application's audit entries that move its status, oldest first."""
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk), action__in=ALL_STATUS_ACTIONS)
        .order_by("timestamp", "pk")
        .values_list("action", "data")
    )


def assert_consistent(application, manager):
    """The application's status, award, budget and audit trail agree, and a
    bid no longer open to a decision refuses another one (no second award, no
    decline while an offer stands) with a plain ServiceError."""
    application.refresh_from_db()
    status = application.status
    made = Award.objects.filter(application=application).first()
    if status == "awarded":
        assert made is not None, "an awarded application has its award"
    else:
        assert made is None, f"a {status} application has no award"

    fund = FundPage.objects.get(pk=application.page.get_parent().pk)
    ledger = BudgetEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or 0
    live = Award.objects.filter(fund=fund, status__in=LIVE_AWARD_STATUSES)
    assert fund.committed == ledger == (live.aggregate(s=Sum("amount"))["s"] or 0)

    last_action, last_data = status_actions(application)[-1]
    assert last_action in STATUS_ACTIONS[status], (status, last_action)
    if last_action == "fund.application.screen":
        assert last_data["eligible"] == (status == "eligible")

    if status not in DECIDABLE:
        for decide in (
            lambda: award(application, manager),
            lambda: application_decline(
                early_reason="Decided early in a test.",
                application=application,
                reason="score",
                feedback="Below the line.",
                by=manager,
            ),
        ):
            with pytest.raises(errors.ServiceError):
                decide()
        application.refresh_from_db()
        assert application.status == status
