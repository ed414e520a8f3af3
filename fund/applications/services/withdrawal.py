from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus, statuses_moving_to
from fund.applications.transitions import application_lock, application_transition
from fund.core.errors import ServiceError

#: Where an applicant may still withdraw: before a decision (the table of moves).
WITHDRAWABLE = statuses_moving_to(ApplicationStatus.WITHDRAWN)


def application_withdraw(*, application: Application, reason: str) -> Application:
    """The applicant withdraws before a decision, saying why."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Tell us why, so that we can learn from it.")
        raise ServiceError(message, {"reason": message})

    with transaction.atomic():
        application = application_lock(application_id=application.pk)
        if application.status not in WITHDRAWABLE:
            raise ServiceError(
                _("A decision has been made on this application, so it can no longer be withdrawn.")
            )
        application.withdrawn_reason = reason
        application.withdrawn_at = timezone.now()
        application = application_transition(
            application=application,
            to=ApplicationStatus.WITHDRAWN,
            action="fund.application.withdraw",
            data={"reason": reason},
            fields=("withdrawn_reason", "withdrawn_at"),
        )
    return application
