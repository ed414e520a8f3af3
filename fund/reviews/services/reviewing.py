"""Reviewing: a panel member's conflict of interest, and their review,
saved as a draft, checked, submitted with its weighted score
(fund/reviews/scoring.py) and reopened by a fund manager."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fund.applications.status import (
    UNDER_REVIEW,
)
from fund.applications.transitions import (
    application_lock,
)
from fund.reviews.models import (
    Conflict,
    CriterionScore,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewStatus,
)
from fund.reviews.scoring import Mark, weighted_score
from fund.reviews.services.progress import ReviewError, panel_log

#: The words of the refusals below, which the review pages also use for the
#: states they refuse before asking (fund/reviews/admin/).
ALREADY_SUBMITTED = gettext_lazy(
    "You have submitted this review, so it can no longer be changed. "
    "Ask a fund manager to reopen it."
)
REVIEWS_CLOSED = gettext_lazy("Reviews of this application are closed.")
DESCRIBE_CONFLICT = gettext_lazy(
    "Describe the conflict of interest, for example how you know the organisation."
)
CONFLICTED = gettext_lazy(
    "You declared a conflict of interest, so you cannot score this application."
)


@dataclass(frozen=True)
class ScoreInput:
    criterion_id: int
    score: int | None = None
    not_applicable: bool = False
    comment: str = ""


def _own_assignment(assignment, by):
    """The assignment and its application, both locked: the application
    first (lock order: fund/applications/transitions.py)."""
    application_id = ReviewAssignment.objects.values_list("application_id", flat=True).get(
        pk=assignment.pk
    )
    application = application_lock(application_id=application_id)
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.application = application
    if assignment.reviewer_id != by.pk:
        raise ReviewError(_("This application is not assigned to you."))
    return assignment


def conflict_declare(
    *, assignment: ReviewAssignment, has_conflict: bool, description: str = "", by
) -> ReviewAssignment:
    """The reviewer says whether they have a conflict of interest. A declared
    conflict is final: from then on they cannot see or score the application."""
    description = (description or "").strip()
    with transaction.atomic():
        assignment = _own_assignment(assignment, by)
        if assignment.has_conflict:
            raise ReviewError(_("You have already declared a conflict of interest."))
        if not has_conflict and assignment.conflict == Conflict.NONE:
            return assignment
        if has_conflict:
            if not description:
                message = str(DESCRIBE_CONFLICT)
                raise ReviewError(message, {"description": message})
            review = Review.objects.filter(assignment=assignment).first()
            if review and review.is_submitted:
                raise ReviewError(
                    _(
                        "You have already submitted your review. Ask a fund manager to "
                        "reopen it before you declare a conflict."
                    )
                )
        assignment.conflict = Conflict.DECLARED if has_conflict else Conflict.NONE
        assignment.conflict_description = description if has_conflict else ""
        assignment.conflict_declared_at = timezone.now()
        assignment.save(update_fields=["conflict", "conflict_description", "conflict_declared_at"])
        assignment.application = panel_log(
            assignment.application,
            action="fund.review.conflict",
            by=by,
            data={"conflict": has_conflict, "description": assignment.conflict_description},
        )
    return assignment


# --- reviews -----------------------------------------------------------------


def _check_scores(criteria, scores, *, complete):
    errors = {}
    by_id = {s.criterion_id: s for s in scores}
    unknown = set(by_id) - {c.pk for c in criteria}
    if unknown:
        raise ReviewError(_("A score was sent for a criterion this call does not have."))
    for criterion in criteria:
        entry = by_id.get(criterion.pk)
        field = f"criterion_{criterion.pk}"
        if entry is None or (entry.score is None and not entry.not_applicable):
            if complete:
                errors[field] = _("Give a score for %(name)s, or mark it N/A.") % {
                    "name": criterion.name
                }
            continue
        if entry.not_applicable and entry.score is not None:
            errors[field] = _("Give a score for %(name)s or mark it N/A, not both.") % {
                "name": criterion.name
            }
        elif entry.score is not None and (
            not isinstance(entry.score, int) or not 0 <= entry.score <= criterion.maximum_score
        ):
            errors[field] = _(
                "The score for %(name)s must be a whole number from 0 to %(max)s."
            ) % {
                "name": criterion.name,
                "max": criterion.maximum_score,
            }
    return errors


def _refuse_unless_scoreable(assignment, review):
    """The review may be saved only by its reviewer, after declaring no
    conflict, while the application is under review and before submitting."""
    if assignment.conflict == Conflict.UNDECLARED:
        raise ReviewError(_("Declare whether you have a conflict of interest before you score."))
    if assignment.has_conflict:
        raise ReviewError(str(CONFLICTED))
    if assignment.application.status not in UNDER_REVIEW:
        raise ReviewError(str(REVIEWS_CLOSED))
    if review is not None and review.is_submitted:
        raise ReviewError(str(ALREADY_SUBMITTED))


NOT_SAVED = gettext_lazy("The review was not saved. Correct the answers marked.")


def _review_checked(*, application, criteria, scores, recommendation, suggested_amount, submit):
    """Refuse with every problem with a review at once, by field name; or
    return the suggested amount as it is kept (only with "fund in part")."""
    errors = _check_scores(criteria, scores, complete=submit)
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = _("Choose a recommendation.")
    if submit and not recommendation:
        errors["recommendation"] = _("Choose your recommendation before you submit.")
    if recommendation == Recommendation.FUND_PART:
        if suggested_amount is None:
            if submit:
                errors["suggested_amount"] = _("Enter the amount you suggest we fund.")
        elif not Decimal("0") < suggested_amount <= application.amount_requested:
            errors["suggested_amount"] = _(
                "The suggested amount must be more than £0 and no more than the "
                "£%(requested)s requested."
            ) % {"requested": application.amount_requested}
    else:
        suggested_amount = None
    ids = {c.pk for c in criteria}
    if (
        submit
        and criteria
        and all(s.not_applicable for s in scores if s.criterion_id in ids)
        and not errors
    ):
        errors["__all__"] = _("Score at least one criterion: they cannot all be N/A.")
    if errors:
        raise ReviewError(NOT_SAVED, errors)
    return suggested_amount


def review_weighted_score(*, criteria, scores: list[ScoreInput]) -> Decimal | None:
    """The weighted score (fund/reviews/scoring.py) that these scores make, as
    submitting them records it. Every criterion needs a score or N/A."""
    by_id = {s.criterion_id: s for s in scores}
    return weighted_score(
        Mark(
            score=by_id[c.pk].score,
            maximum=c.maximum_score,
            weight=c.weight,
            not_applicable=by_id[c.pk].not_applicable,
        )
        for c in criteria
    )


def review_check(
    *,
    assignment: ReviewAssignment,
    scores: list[ScoreInput],
    recommendation: str = "",
    suggested_amount: Decimal | None = None,
    submit: bool = True,
    by,
) -> None:
    """Raise the ReviewError that review_save would, with every problem it
    finds, and save nothing: for a "check before you submit" step, and to
    show the service's errors beside a form's own."""
    assignment = ReviewAssignment.objects.select_related("application__page").get(pk=assignment.pk)
    if assignment.reviewer_id != by.pk:
        raise ReviewError(_("This application is not assigned to you."))
    _refuse_unless_scoreable(assignment, Review.objects.filter(assignment=assignment).first())
    application = assignment.application
    _review_checked(
        application=application,
        criteria=list(application.page.specific.criteria.all()),
        scores=scores,
        recommendation=recommendation,
        suggested_amount=suggested_amount,
        submit=submit,
    )


def review_save(
    *,
    assignment: ReviewAssignment,
    scores: list[ScoreInput],
    comment: str = "",
    recommendation: str = "",
    suggested_amount: Decimal | None = None,
    submit: bool = False,
    by,
) -> Review:
    """Save a review as a draft, or submit it (then it is read-only until a
    fund manager reopens it). The weighted score is worked out on submit."""
    with transaction.atomic():
        assignment = _own_assignment(assignment, by)
        _refuse_unless_scoreable(assignment, Review.objects.filter(assignment=assignment).first())
        application = assignment.application
        review, _created = Review.objects.get_or_create(assignment=assignment)
        criteria = list(application.page.specific.criteria.all())
        suggested_amount = _review_checked(
            application=application,
            criteria=criteria,
            scores=scores,
            recommendation=recommendation,
            suggested_amount=suggested_amount,
            submit=submit,
        )

        by_id = {s.criterion_id: s for s in scores}
        review.scores.all().delete()
        CriterionScore.objects.bulk_create(
            CriterionScore.for_criterion(
                criterion,
                review=review,
                score=by_id[criterion.pk].score if criterion.pk in by_id else None,
                not_applicable=criterion.pk in by_id and by_id[criterion.pk].not_applicable,
                comment=(by_id[criterion.pk].comment if criterion.pk in by_id else "").strip(),
            )
            for criterion in criteria
        )
        review.comment = (comment or "").strip()
        review.recommendation = recommendation or ""
        review.suggested_amount = suggested_amount
        if submit:
            review.score = review_weighted_score(criteria=criteria, scores=scores)
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = timezone.now()
        review.full_clean(exclude=["assignment"])
        review.save()
        if submit:
            panel_log(
                application,
                action="fund.review.submit",
                by=by,
                data={
                    "reviewer": by.get_full_name() or by.get_username(),
                    "score": str(review.score),
                    "recommendation": review.get_recommendation_display(),
                },
            )
    return review


def review_reopen(*, review: Review, reason: str, by) -> Review:
    """A fund manager sends a submitted review back to its reviewer as a draft."""
    reason = (reason or "").strip()
    with transaction.atomic():
        # The application first, then the review (lock order:
        # fund/applications/transitions.py).
        application = application_lock(
            application_id=Review.objects.values_list("assignment__application_id", flat=True).get(
                pk=review.pk
            )
        )
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("assignment__reviewer")
            .get(pk=review.pk)
        )
        if not review.is_submitted:
            raise ReviewError(
                _("This review has not been submitted, so there is nothing to reopen.")
            )
        if not reason:
            message = _("Give the reason for reopening the review.")
            raise ReviewError(message, {"reason": message})
        if application.status not in UNDER_REVIEW:
            raise ReviewError(
                _("A decision has been made on this application, so its reviews are closed.")
            )
        review.status = ReviewStatus.DRAFT
        review.submitted_at = None
        review.score = None
        review.save(update_fields=["status", "submitted_at", "score", "updated_at"])
        reviewer = review.assignment.reviewer
        review.assignment.application = panel_log(
            application,
            action="fund.review.reopen",
            by=by,
            data={
                "reviewer": reviewer.get_full_name() or reviewer.get_username(),
                "reason": reason,
            },
        )
    return review
