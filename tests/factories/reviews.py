"""Reviews, made through the review services: an assignment by
reviewer_assign (its reviewer then clear of conflicts by conflict_declare)
and a review by review_save."""

import factory

from fund.reviews.models import Review, ReviewAssignment
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import ScoreInput, conflict_declare, review_save
from tests.factories.people import MANAGERS, PANEL, staff


class ReviewAssignmentFactory(factory.Factory):
    """``ReviewAssignmentFactory(application=eligible)``; ``conflict=None``
    leaves the reviewer's conflict undeclared."""

    class Meta:
        model = ReviewAssignment

    application = None  # pass an eligible application
    reviewer = factory.LazyFunction(lambda: staff(PANEL))
    by = factory.LazyFunction(lambda: staff(MANAGERS))
    conflict = False

    @classmethod
    def _create(cls, model_class, *, application, reviewer, by, conflict):
        assignment = reviewer_assign(application=application, reviewer=reviewer, by=by)
        if conflict is None:
            return assignment
        return conflict_declare(assignment=assignment, has_conflict=conflict, by=reviewer)


class ReviewFactory(factory.Factory):
    """``ReviewFactory(assignment=...)``: every criterion scored ``score``,
    submitted unless ``submit=False`` (a draft)."""

    class Meta:
        model = Review

    assignment = None  # pass an assignment clear of conflicts
    score = 4
    recommendation = "fund_full"
    submit = True
    # Who saves it, and the criteria scored: the assignment's reviewer and
    # its call's criteria unless given (to save a query or two).
    by = None
    criteria = None

    @classmethod
    def _create(
        cls, model_class, *, assignment, score, recommendation, submit, by, criteria, **fields
    ):
        if criteria is None:
            criteria = assignment.application.page.specific.criteria.all()
        return review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=c.pk, score=score) for c in criteria],
            recommendation=recommendation,
            submit=submit,
            by=by or assignment.reviewer,
            **fields,
        )
