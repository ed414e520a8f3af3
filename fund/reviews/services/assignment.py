"""Assignment: panel members asked to review applications, and told so
by e-mail once the assignment commits."""

from django.db import transaction
from django.utils.translation import gettext as _

from fund.applications.models import Application
from fund.applications.status import (
    UNDER_REVIEW,
)
from fund.applications.transitions import (
    application_lock,
)
from fund.core.mail import absolute_admin_url, email_queue
from fund.core.permissions import REVIEW
from fund.reviews.models import (
    ReviewAssignment,
)
from fund.reviews.services.progress import ReviewError, panel_log


def _check_reviewer(reviewer):
    if not (reviewer.is_active and reviewer.has_perm(REVIEW)):
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
        application = panel_log(
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
        # once queue rather than deadlock (lock order: fund/applications/transitions.py).
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
