"""Screening, assignment to the grant panel, conflicts of interest and reviews."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.models import (
    Application,
    ApplicationStatus,
    Conflict,
    CriterionScore,
    IneligibleReason,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewStatus,
)
from fund.scoring import Mark, weighted_score

from .errors import ServiceError
from .mail import email_queue

SCREENABLE = {ApplicationStatus.SUBMITTED, ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE}
UNDER_REVIEW = {ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_REVIEW, ApplicationStatus.REVIEWED}


#: The panel's services refuse with the same error as every other service.
ReviewError = ServiceError


@dataclass(frozen=True)
class ScoreInput:
    criterion_id: int
    score: int | None = None
    not_applicable: bool = False
    comment: str = ""


def _locked(application):
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("page")
        .get(pk=application.pk)
    )


def _refresh_review_status(application):
    """in review -> reviewed when every assignment has a submitted review or a
    declared conflict (and at least one review is in); back again if not."""
    if application.status not in UNDER_REVIEW:
        return
    assignments = list(application.assignments.select_related("review"))
    if not assignments:
        return
    submitted = [a for a in assignments if getattr(a, "review", None) and a.review.is_submitted]
    done = submitted and all(a.has_conflict or a in submitted for a in assignments)
    status = ApplicationStatus.REVIEWED if done else ApplicationStatus.IN_REVIEW
    if status != application.status:
        application.status = status
        application.save(update_fields=["status"])


# --- screening ---------------------------------------------------------------


def application_screen(
    *, application: Application, eligible: bool, reason: str = "", note: str = "", by
) -> Application:
    """Mark a submitted application eligible or ineligible. An applicant found
    ineligible is told why by e-mail, sent once the decision is committed."""
    note = (note or "").strip()
    with transaction.atomic():
        application = _locked(application)
        if application.status not in SCREENABLE:
            raise ReviewError(
                _(
                    "This application is already with the grant panel, so its eligibility "
                    "can no longer be changed."
                )
            )
        if not eligible:
            if reason not in IneligibleReason.values:
                raise ReviewError(
                    _("Choose the reason the application is not eligible."),
                    {"reason": _("Choose the reason the application is not eligible.")},
                )
            if reason == IneligibleReason.OTHER and not note:
                message = _("Explain why the application is not eligible.")
                raise ReviewError(message, {"note": message})
        was_ineligible = application.status == ApplicationStatus.INELIGIBLE
        application.status = (
            ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
        )
        application.screening_reason = "" if eligible else reason
        application.screening_note = note
        application.screened_by = by
        application.screened_at = timezone.now()
        application.save(
            update_fields=[
                "status",
                "screening_reason",
                "screening_note",
                "screened_by",
                "screened_at",
            ]
        )
        log(
            instance=application,
            action="fund.application.screen",
            user=by,
            data={"eligible": eligible, "reason": application.get_screening_reason_display()},
        )
        if not eligible and not was_ineligible:
            email_queue(
                kind="ineligible",
                to=application.contact_email,
                template="ineligible",
                context={"application": application, "call": application.call},
                application=application,
            )
    return application


# --- assignment --------------------------------------------------------------


def _check_reviewer(reviewer):
    if not (reviewer.is_active and reviewer.has_perm("fund.review_application")):
        name = reviewer.get_full_name() or reviewer.get_username()
        raise ReviewError(_("%(name)s is not a member of the grant panel.") % {"name": name})


def _assign(application, reviewer, by):
    if application.status not in UNDER_REVIEW:
        raise ReviewError(
            _(
                "%(reference)s is not eligible for review. Screen it as eligible before "
                "you assign the panel."
            )
            % {"reference": application.reference}
        )
    assignment, created = ReviewAssignment.objects.get_or_create(
        application=application, reviewer=reviewer, defaults={"assigned_by": by}
    )
    if created:
        log(
            instance=application,
            action="fund.review.assign",
            user=by,
            data={"reviewer": reviewer.get_full_name() or reviewer.get_username()},
        )
        _refresh_review_status(application)
    return assignment, created


def reviewer_assign(*, application: Application, reviewer, by) -> ReviewAssignment:
    """Ask one panel member to review one application (again is a no-op)."""
    _check_reviewer(reviewer)
    with transaction.atomic():
        assignment, _created = _assign(_locked(application), reviewer, by)
    return assignment


def reviewers_assign(*, applications, reviewers, by) -> int:
    """Assign every reviewer to every application, all or nothing. Returns
    how many new assignments were made."""
    for reviewer in reviewers:
        _check_reviewer(reviewer)
    made = 0
    with transaction.atomic():
        for application in applications:
            application = _locked(application)
            for reviewer in reviewers:
                made += _assign(application, reviewer, by)[1]
    return made


# --- conflicts of interest -----------------------------------------------------


def _own_assignment(assignment, by):
    assignment = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("application__page")
        .get(pk=assignment.pk)
    )
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
                message = _(
                    "Describe the conflict of interest, for example how you know the organisation."
                )
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
        log(
            instance=assignment.application,
            action="fund.review.conflict",
            user=by,
            data={"conflict": has_conflict, "description": assignment.conflict_description},
        )
        _refresh_review_status(Application.objects.get(pk=assignment.application_id))
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
        if assignment.conflict == Conflict.UNDECLARED:
            raise ReviewError(
                _("Declare whether you have a conflict of interest before you score.")
            )
        if assignment.has_conflict:
            raise ReviewError(
                _("You declared a conflict of interest, so you cannot score this application.")
            )
        application = assignment.application
        if application.status not in UNDER_REVIEW:
            raise ReviewError(_("Reviews of this application are closed."))
        review, _created = Review.objects.get_or_create(assignment=assignment)
        if review.is_submitted:
            raise ReviewError(
                _(
                    "You have submitted this review, so it can no longer be changed. "
                    "Ask a fund manager to reopen it."
                )
            )
        criteria = list(application.page.specific.criteria.all())
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
        if (
            submit
            and criteria
            and all(s.not_applicable for s in scores if s.criterion_id in {c.pk for c in criteria})
            and not errors
        ):
            errors["__all__"] = _("Score at least one criterion: they cannot all be N/A.")
        if errors:
            raise ReviewError(_("The review was not saved. Correct the answers marked."), errors)

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
            review.score = weighted_score(
                Mark(
                    score=by_id[c.pk].score,
                    maximum=c.maximum_score,
                    weight=c.weight,
                    not_applicable=by_id[c.pk].not_applicable,
                )
                for c in criteria
            )
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = timezone.now()
        review.full_clean(exclude=["assignment"])
        review.save()
        if submit:
            log(
                instance=application,
                action="fund.review.submit",
                user=by,
                data={
                    "reviewer": by.get_full_name() or by.get_username(),
                    "score": str(review.score),
                    "recommendation": review.get_recommendation_display(),
                },
            )
            _refresh_review_status(application)
    return review


def review_reopen(*, review: Review, reason: str, by) -> Review:
    """A fund manager sends a submitted review back to its reviewer as a draft."""
    reason = (reason or "").strip()
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("assignment__application", "assignment__reviewer")
            .get(pk=review.pk)
        )
        if not review.is_submitted:
            raise ReviewError(
                _("This review has not been submitted, so there is nothing to reopen.")
            )
        if not reason:
            message = _("Give the reason for reopening the review.")
            raise ReviewError(message, {"reason": message})
        application = _locked(review.assignment.application)
        if application.status not in UNDER_REVIEW:
            raise ReviewError(
                _("A decision has been made on this application, so its reviews are closed.")
            )
        review.status = ReviewStatus.DRAFT
        review.submitted_at = None
        review.score = None
        review.save(update_fields=["status", "submitted_at", "score", "updated_at"])
        reviewer = review.assignment.reviewer
        log(
            instance=application,
            action="fund.review.reopen",
            user=by,
            data={
                "reviewer": reviewer.get_full_name() or reviewer.get_username(),
                "reason": reason,
            },
        )
        _refresh_review_status(application)
    return review
