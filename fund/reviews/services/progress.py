"""What the panel's services share: their refusals, and the move between
in review and reviewed that their audit entries go with."""

from wagtail.log_actions import log

from fund.applications.status import UNDER_REVIEW, ApplicationStatus
from fund.applications.transitions import application_transition
from fund.core.errors import ServiceError

#: The panel's services refuse with the same error as every other service.
ReviewError = ServiceError


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


def panel_log(application, *, action, by, data):
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
