"""Screening, assignment to the grant panel, conflicts of interest and reviews."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from fund.applications import access
from fund.applications.models import Application
from fund.applications.status import (
    UNDER_REVIEW,
    ApplicationStatus,
    IneligibleReason,
    statuses_moving_to,
)
from fund.applications.transitions import (
    application_lock,
    application_transition,
    transition_refusal,
)
from fund.core.errors import ServiceError
from fund.core.mail import absolute_admin_url, email_queue
from fund.reviews.models import (
    Conflict,
    CriterionScore,
    Recommendation,
    Review,
    ReviewAssignment,
    ReviewStatus,
)
from fund.reviews.scoring import Mark, weighted_score

#: Derived from the one table of moves (fund/models/status.py).
SCREENABLE = statuses_moving_to(ApplicationStatus.ELIGIBLE, ApplicationStatus.INELIGIBLE)


#: The panel's services refuse with the same error as every other service.
ReviewError = ServiceError


@dataclass(frozen=True)
class ScoreInput:
    criterion_id: int
    score: int | None = None
    not_applicable: bool = False
    comment: str = ""


def _review_status(application):
    """in review -> reviewed when every assignment has a submitted review or a
    declared conflict (and at least one review is in); back again if not.
    None when the status stays as it is: a bid already decided or withdrawn
    is never moved back by its reviews."""
    if application.status not in UNDER_REVIEW:
        return None
    assignments = list(application.assignments.select_related("review"))
    if not assignments:
        return None
    submitted = [a for a in assignments if getattr(a, "review", None) and a.review.is_submitted]
    done = submitted and all(a.has_conflict or a in submitted for a in assignments)
    status = ApplicationStatus.REVIEWED if done else ApplicationStatus.IN_REVIEW
    return None if status == application.status else status


def _log_and_refresh(application, *, action, by, data):
    """Write the panel's audit entry; when the reviews now call for it, the
    entry goes with the move between in review and reviewed (one entry either
    way, so every status change is audited). The caller holds the
    application's lock, so its status is the current one."""
    status = _review_status(application)
    if status is None:
        log(instance=application, action=action, user=by, data=data)
        return application
    return application_transition(
        application=application, to=status, action=action, user=by, data=data
    )


# --- screening ---------------------------------------------------------------


def application_screen(
    *, application: Application, eligible: bool, reason: str = "", note: str = "", by
) -> Application:
    """Mark a submitted application eligible or ineligible. An applicant found
    ineligible is told why by e-mail, sent once the decision is committed."""
    note = (note or "").strip()
    with transaction.atomic():
        application = application_lock(application_id=application.pk)
        if application.status in UNDER_REVIEW - SCREENABLE:
            raise ReviewError(
                _(
                    "This application is already with the grant panel, so its eligibility "
                    "can no longer be changed."
                )
            )
        to = ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
        if application.status not in SCREENABLE:
            raise ReviewError(transition_refusal(application=application, to=to))
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
        application.screening_reason = "" if eligible else reason
        application.screening_note = note
        application.screened_by = by
        application.screened_at = timezone.now()
        application = application_transition(
            application=application,
            to=to,
            action="fund.application.screen",
            user=by,
            data={"eligible": eligible, "reason": application.get_screening_reason_display()},
            fields=("screening_reason", "screening_note", "screened_by", "screened_at"),
        )
        if not eligible and not was_ineligible:
            email_queue(
                kind="ineligible",
                to=application.contact_email,
                template="ineligible",
                context={
                    "application": application,
                    "call": application.call,
                    "status_url": access.status_url(application),
                },
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
        application = _log_and_refresh(
            application,
            action="fund.review.assign",
            by=by,
            data={"reviewer": reviewer.get_full_name() or reviewer.get_username()},
        )
        assignment.application = application
    return application, assignment, created


def reviewer_assign(*, application: Application, reviewer, by) -> ReviewAssignment:
    """Ask one panel member to review one application (again is a no-op)."""
    _check_reviewer(reviewer)
    with transaction.atomic():
        locked = application_lock(application_id=application.pk)
        _application, assignment, created = _assign(locked, reviewer, by)
        if created:
            _tell_reviewers({reviewer: [assignment]})
    return assignment


def reviewers_assign(*, applications, reviewers, by) -> int:
    """Assign every reviewer to every application, all or nothing. Returns
    how many new assignments were made."""
    for reviewer in reviewers:
        _check_reviewer(reviewer)
    new = {}
    with transaction.atomic():
        # In primary-key order, so two managers assigning overlapping sets at
        # once queue rather than deadlock (lock order: fund/services/transitions.py).
        for pk in sorted({application.pk for application in applications}):
            application = application_lock(application_id=pk)
            for reviewer in reviewers:
                application, assignment, created = _assign(application, reviewer, by)
                if created:
                    new.setdefault(reviewer, []).append(assignment)
        _tell_reviewers(new)
    return sum(len(assignments) for assignments in new.values())


def _tell_reviewers(new_assignments: dict) -> None:
    """One e-mail to each panel member with new applications to review:
    their references, when reviews close and where to start. It goes to a
    staff account's address and names no applicant, and is sent once the
    assignment commits."""
    for reviewer, assignments in new_assignments.items():
        if not reviewer.email:
            continue
        calls = {assignment.application.page.specific for assignment in assignments}
        email_queue(
            kind="review_assigned",
            to=reviewer.email,
            template="review_assigned",
            context={
                "reviewer": reviewer,
                "references": sorted(a.application.reference for a in assignments),
                "deadlines": sorted(
                    (call.title, call.reviews_close_at)
                    for call in calls
                    if call.reviews_close_at is not None
                ),
                "reviews_url": absolute_admin_url("fund_reviews:index"),
            },
        )


# --- conflicts of interest -----------------------------------------------------


def _own_assignment(assignment, by):
    """The assignment and its application, both locked: the application
    first (lock order: fund/services/transitions.py)."""
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
        assignment.application = _log_and_refresh(
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
        raise ReviewError(
            _("You declared a conflict of interest, so you cannot score this application.")
        )
    if assignment.application.status not in UNDER_REVIEW:
        raise ReviewError(_("Reviews of this application are closed."))
    if review is not None and review.is_submitted:
        raise ReviewError(
            _(
                "You have submitted this review, so it can no longer be changed. "
                "Ask a fund manager to reopen it."
            )
        )


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
    """The weighted score (fund/scoring.py) that these scores make, as
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
            _log_and_refresh(
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
        # fund/services/transitions.py).
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
        review.assignment.application = _log_and_refresh(
            application,
            action="fund.review.reopen",
            by=by,
            data={
                "reviewer": reviewer.get_full_name() or reviewer.get_username(),
                "reason": reason,
            },
        )
    return review
