"""The grant panel's rules, at the service layer: screening, assignment,
conflicts, reviews, reopening, and the status they move the application through."""

from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.calls.models import CallPage, ScoringCriterion
from fund.reviews.models import Review
from fund.reviews.selectors import (
    application_needs_moderation,
    applications_visible_to,
    with_review_summary,
)
from fund.reviews.services import (
    ReviewError,
    ScoreInput,
    application_screen,
    conflict_declare,
    review_reopen,
    review_save,
    reviewer_assign,
    reviewers_assign,
)
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(open_call):
    # Four criteria as the Safer Communities Fund scores them.
    ScoringCriterion.objects.filter(page=open_call).delete()
    for order, (name, weight) in enumerate(
        [("Need", 30), ("Outcomes", 30), ("Partnership", 20), ("Value", 20)]
    ):
        ScoringCriterion.objects.create(
            page=open_call, sort_order=order, name=name, weight=weight, maximum_score=5
        )
    return CallPage.objects.get(pk=open_call.pk)


@pytest.fixture
def application(call):
    return ApplicationFactory(page=call, amount_requested=Decimal("4000.00"))


@pytest.fixture
def eligible(application, manager):
    return application_screen(application=application, eligible=True, by=manager)


@pytest.fixture
def reviewers(role_user):
    return [role_user("Grant panel") for _ in range(3)]


def actions(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def scores_for(call, *values):
    """ScoreInputs in criterion order; None means N/A."""
    return [
        ScoreInput(criterion_id=c.pk, score=v, not_applicable=v is None)
        for c, v in zip(call.criteria.all(), values, strict=True)
    ]


def assign_and_clear(application, reviewer, manager):
    assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
    return conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)


# --- screening ---------------------------------------------------------------


def test_screening_eligible_records_who_and_when_and_is_logged(application, manager):
    application_screen(application=application, eligible=True, by=manager)

    application.refresh_from_db()
    assert application.status == "eligible"
    assert application.screened_by == manager
    assert application.screened_at is not None
    assert actions(application) == ["fund.application.screen"]


def test_screening_ineligible_needs_a_reason(application, manager):
    with pytest.raises(ReviewError) as error:
        application_screen(application=application, eligible=False, by=manager)
    assert error.value.message == "Choose the reason the application is not eligible."
    application.refresh_from_db()
    assert application.status == "submitted"


def test_other_reason_needs_an_explanation(application, manager):
    with pytest.raises(ReviewError) as error:
        application_screen(application=application, eligible=False, reason="other", by=manager)
    assert error.value.errors == {"note": "Explain why the application is not eligible."}


def test_an_ineligible_applicant_is_told_why_once_the_decision_commits(
    application, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_screen(
            application=application,
            eligible=False,
            reason="outside_area",
            note="Your project works in Lancashire.",
            by=manager,
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.contact_email]
    assert application.reference in message.subject
    assert "Does not work in West Yorkshire" in message.body
    assert "Your project works in Lancashire." in message.body


def test_a_rolled_back_screening_sends_nothing(
    application, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            application_screen(application=application, eligible=False, reason="amount", by=manager)
            raise RuntimeError("something later in the request failed")

    assert callbacks == []
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.status == "submitted"


def test_eligibility_cannot_change_once_the_panel_has_it(eligible, manager, reviewers):
    reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError) as error:
        application_screen(application=eligible, eligible=False, reason="amount", by=manager)
    assert "already with the grant panel" in error.value.message


# --- assignment --------------------------------------------------------------


def test_the_first_assignment_puts_the_application_in_review(eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)

    eligible.refresh_from_db()
    assert eligible.status == "in_review"
    assert assignment.conflict == "undeclared"
    assert actions(eligible) == ["fund.application.screen", "fund.review.assign"]


def test_assigning_twice_makes_one_assignment_and_one_log_entry(eligible, manager, reviewers):
    reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)

    assert eligible.assignments.count() == 1
    assert actions(eligible).count("fund.review.assign") == 1


def test_an_application_not_screened_eligible_cannot_be_assigned(application, manager, reviewers):
    with pytest.raises(ReviewError) as error:
        reviewer_assign(application=application, reviewer=reviewers[0], by=manager)
    assert error.value.message == (
        f"{application.reference} is not eligible for review. Screen it as eligible "
        "before you assign the panel."
    )


def test_only_grant_panel_members_can_be_assigned(eligible, manager, finance):
    finance.first_name, finance.last_name = "Farah", "Finance"
    with pytest.raises(ReviewError) as error:
        reviewer_assign(application=eligible, reviewer=finance, by=manager)
    assert error.value.message == "Farah Finance is not a member of the grant panel."


def test_bulk_assignment_is_all_or_nothing(call, manager, reviewers):
    ready = application_screen(application=ApplicationFactory(page=call), eligible=True, by=manager)
    not_screened = ApplicationFactory(page=call)

    with pytest.raises(ReviewError):
        reviewers_assign(applications=[ready, not_screened], reviewers=reviewers[:2], by=manager)
    assert not ready.assignments.exists()

    made = reviewers_assign(applications=[ready], reviewers=reviewers[:2], by=manager)
    assert made == 2


# --- conflicts of interest ---------------------------------------------------


def test_a_declared_conflict_needs_a_description(eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError) as error:
        conflict_declare(assignment=assignment, has_conflict=True, by=reviewers[0])
    assert "Describe the conflict of interest" in error.value.message


def test_only_the_assigned_reviewer_can_declare(eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError):
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewers[1])


def test_a_conflict_hides_the_application_and_stops_scoring(call, eligible, manager, reviewers):
    reviewer = reviewers[0]
    assignment = reviewer_assign(application=eligible, reviewer=reviewer, by=manager)
    conflict_declare(
        assignment=assignment,
        has_conflict=True,
        description="I am a trustee of this charity.",
        by=reviewer,
    )

    assert not applications_visible_to(user=reviewer).filter(pk=eligible.pk).exists()
    with pytest.raises(ReviewError) as error:
        review_save(assignment=assignment, scores=scores_for(call, 5, 5, 5, 5), by=reviewer)
    assert "You declared a conflict of interest" in error.value.message
    assert not Review.objects.exists()
    with pytest.raises(ReviewError):
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    assert actions(eligible)[-1] == "fund.review.conflict"


def test_no_scoring_before_the_conflict_declaration(call, eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError) as error:
        review_save(assignment=assignment, scores=scores_for(call, 1, 1, 1, 1), by=reviewers[0])
    assert "Declare whether you have a conflict of interest" in error.value.message
    assert not applications_visible_to(user=reviewers[0]).exists()


# --- reviews -----------------------------------------------------------------


def test_a_submitted_review_has_its_weighted_score_with_na_left_out(
    call, eligible, manager, reviewers
):
    assignment = assign_and_clear(eligible, reviewers[0], manager)

    review = review_save(
        assignment=assignment,
        scores=scores_for(call, 4, 3, None, 5),
        comment="Strong partnership.",
        recommendation="fund_part",
        suggested_amount=Decimal("3000.00"),
        submit=True,
        by=reviewers[0],
    )

    assert review.status == "submitted"
    assert review.score == Decimal("77.5000")
    assert review.suggested_amount == Decimal("3000.00")
    assert [(s.name, s.score, s.not_applicable) for s in review.scores.all()] == [
        ("Need", 4, False),
        ("Outcomes", 3, False),
        ("Partnership", None, True),
        ("Value", 5, False),
    ]
    assert actions(eligible)[-1] == "fund.review.submit"


def test_a_draft_may_be_incomplete_but_a_submission_may_not(call, eligible, manager, reviewers):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    scores = [ScoreInput(criterion_id=call.criteria.first().pk, score=3)]

    draft = review_save(assignment=assignment, scores=scores, by=reviewers[0])
    assert draft.status == "draft"
    assert draft.score is None

    with pytest.raises(ReviewError) as error:
        review_save(assignment=assignment, scores=scores, submit=True, by=reviewers[0])
    assert error.value.errors[f"criterion_{call.criteria.all()[1].pk}"] == (
        "Give a score for Outcomes, or mark it N/A."
    )
    assert error.value.errors["recommendation"] == "Choose your recommendation before you submit."


@pytest.mark.parametrize("bad", [6, -1, 2.5, "3"])
def test_a_score_outside_the_criterions_range_or_not_whole_is_refused(
    call, eligible, manager, reviewers, bad
):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    first = call.criteria.first()

    with pytest.raises(ReviewError) as error:
        review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=first.pk, score=bad)],
            by=reviewers[0],
        )

    assert error.value.errors[f"criterion_{first.pk}"] == (
        "The score for Need must be a whole number from 0 to 5."
    )
    assert not Review.objects.filter(scores__isnull=False).exists()


def test_a_score_and_na_together_are_refused(call, eligible, manager, reviewers):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    first = call.criteria.first()
    with pytest.raises(ReviewError) as error:
        review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=first.pk, score=3, not_applicable=True)],
            by=reviewers[0],
        )
    assert "not both" in error.value.errors[f"criterion_{first.pk}"]


def test_every_criterion_na_cannot_be_submitted(call, eligible, manager, reviewers):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    with pytest.raises(ReviewError) as error:
        review_save(
            assignment=assignment,
            scores=scores_for(call, None, None, None, None),
            recommendation="decline",
            submit=True,
            by=reviewers[0],
        )
    assert error.value.errors["__all__"] == "Score at least one criterion: they cannot all be N/A."


@pytest.mark.parametrize("amount", [Decimal("4000.01"), Decimal("0"), Decimal("-5")])
def test_fund_in_part_needs_an_amount_above_zero_and_within_the_request(
    call, eligible, manager, reviewers, amount
):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    with pytest.raises(ReviewError) as error:
        review_save(
            assignment=assignment,
            scores=scores_for(call, 3, 3, 3, 3),
            recommendation="fund_part",
            suggested_amount=amount,
            submit=True,
            by=reviewers[0],
        )
    assert error.value.errors["suggested_amount"] == (
        "The suggested amount must be more than £0 and no more than the £4000.00 requested."
    )


def test_a_submitted_review_is_read_only(call, eligible, manager, reviewers):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    review_save(
        assignment=assignment,
        scores=scores_for(call, 3, 3, 3, 3),
        recommendation="decline",
        submit=True,
        by=reviewers[0],
    )
    with pytest.raises(ReviewError) as error:
        review_save(assignment=assignment, scores=scores_for(call, 5, 5, 5, 5), by=reviewers[0])
    assert "can no longer be changed" in error.value.message
    assert Review.objects.get().score == Decimal("60.0000")


def test_reviewed_when_every_assignment_has_a_review_or_a_conflict(
    call, eligible, manager, reviewers
):
    first = assign_and_clear(eligible, reviewers[0], manager)
    second = reviewer_assign(application=eligible, reviewer=reviewers[1], by=manager)
    review_save(
        assignment=first,
        scores=scores_for(call, 4, 4, 4, 4),
        recommendation="fund_full",
        submit=True,
        by=reviewers[0],
    )
    eligible.refresh_from_db()
    assert eligible.status == "in_review"

    conflict_declare(
        assignment=second, has_conflict=True, description="My sister works there.", by=reviewers[1]
    )

    eligible.refresh_from_db()
    assert eligible.status == "reviewed"


# --- reopening ---------------------------------------------------------------


def test_a_fund_manager_reopens_a_review_with_a_reason(call, eligible, manager, reviewers):
    assignment = assign_and_clear(eligible, reviewers[0], manager)
    review = review_save(
        assignment=assignment,
        scores=scores_for(call, 4, 4, 4, 4),
        recommendation="fund_full",
        submit=True,
        by=reviewers[0],
    )
    with pytest.raises(ReviewError) as error:
        review_reopen(review=review, reason="  ", by=manager)
    assert error.value.message == "Give the reason for reopening the review."

    review_reopen(review=review, reason="Score 2 contradicts the comment.", by=manager)

    review.refresh_from_db()
    eligible.refresh_from_db()
    assert (review.status, review.score, review.submitted_at) == ("draft", None, None)
    assert eligible.status == "in_review"
    entry = ModelLogEntry.objects.filter(action="fund.review.reopen").get()
    assert entry.data["reason"] == "Score 2 contradicts the comment."
    assert entry.user == manager


# --- the summary the fund manager and the ranking read -------------------------


def test_mean_spread_and_moderation_flag(call, eligible, manager, reviewers):
    for reviewer, values, recommendation in [
        (reviewers[0], (5, 5, 5, 5), "fund_full"),  # 100%
        (reviewers[1], (2, 2, 2, 2), "decline"),  # 40%
        (reviewers[2], (4, 3, None, 5), "fund_part"),  # 77.5%
    ]:
        assignment = assign_and_clear(eligible, reviewer, manager)
        review_save(
            assignment=assignment,
            scores=scores_for(call, *values),
            recommendation=recommendation,
            suggested_amount=Decimal("2000") if recommendation == "fund_part" else None,
            submit=True,
            by=reviewer,
        )

    summary = with_review_summary(Application.objects.filter(pk=eligible.pk)).get()

    assert summary.review_count == 3
    assert Decimal(summary.mean_score).quantize(Decimal("0.0001")) == Decimal("72.5000")
    assert summary.spread == Decimal("60.0000")
    assert application_needs_moderation(summary) is True
