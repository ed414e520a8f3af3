"""The grant panel's rules at the service layer: reviews, reopening, and the
summary the fund manager and the ranking read."""

from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.reviews.models import Review
from fund.reviews.selectors import application_needs_moderation, with_review_summary
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.progress import ReviewError
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_reopen, review_save
from tests.reviews.services.helpers import scores_for
from tests.support.states import actions

pytestmark = pytest.mark.django_db


def assign_and_clear(application, reviewer, manager):
    assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
    return conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)


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
