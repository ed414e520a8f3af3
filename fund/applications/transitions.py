"""The one way an application's status changes (docs/architecture.md, "Where the rules live").

`application_transition()` locks the application's row, checks the move from
the row's current status against `APPLICATION_TRANSITIONS`
(fund/applications/status.py), writes the status with the caller's other columns
and writes the caller's audit entry, so no status changes unaudited and two
actions racing each other end in a state the table allows: the second one to
get the lock sees what the first did and is refused in plain words.

Lock order
----------
Every service takes the row locks it needs in this order, and never the other
way round, so no two of them can wait for each other (a PostgreSQL deadlock):

    application -> review assignment -> review -> award -> grant report -> fund

- Screening, withdrawal, decline, submission: the application only.
- Assignment: the application(s), in primary-key order, then inserts.
- Conflict, review save, review reopen: the application first (looked up by
  the assignment's or review's application id, which never changes), then
  the assignment or review.
- Award: the application, then the fund (for the budget); the new award row
  is locked by the letter request only after it is inserted, and no other
  transaction can see it until commit.
- Award accept, decline by the applicant, withdraw, complete, payment and
  return, and every change to the award's bank details: the award
  (`award_lock`, fund/awards/services/ledger.py), then the fund where money
  moves. They leave the application's status alone (it stays awarded), so
  they never lock it.
- Grant reports (fund/monitoring/services): the grantee's save and send, and
  the staff's accept and ask for changes, lock the report only; a change of
  the schedule (a date, a new report, an instalment tied) locks the award,
  then reads or writes its reports. A payment locks the award and reads its
  reports' statuses without locking them: a report accepted meanwhile only
  frees money, never holds more.
- Retention: the application, then its reviews and assignments by UPDATE.
- The page editor's save of a fund (FundPage.save): the fund only.

The fund row is last because it is shared by every award in the fund: it is
held for the shortest time. A row referenced by a new row (an award's
application and fund, a ledger entry's award) is already locked by the
transaction that inserts it, so the foreign-key share locks PostgreSQL takes
add no new waits.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from fund.applications.models import Application
from fund.applications.status import APPLICATION_TRANSITIONS, ApplicationStatus
from fund.core.errors import ServiceError

#: What each move does, in the words of the refusal.
_MOVE = {
    ApplicationStatus.DRAFT: gettext_lazy("made a draft again"),
    ApplicationStatus.SUBMITTED: gettext_lazy("sent"),
    ApplicationStatus.ELIGIBLE: gettext_lazy("screened as eligible"),
    ApplicationStatus.INELIGIBLE: gettext_lazy("screened as not eligible"),
    ApplicationStatus.IN_REVIEW: gettext_lazy("sent to the grant panel"),
    ApplicationStatus.REVIEWED: gettext_lazy("marked as reviewed"),
    ApplicationStatus.AWARDED: gettext_lazy("awarded"),
    ApplicationStatus.DECLINED: gettext_lazy("declined"),
    ApplicationStatus.WITHDRAWN: gettext_lazy("withdrawn"),
}


def application_lock(*, application_id: int) -> Application:
    """The application's row, read afresh and locked until the transaction
    ends (only its own row, whatever is joined)."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("page")
        .get(pk=application_id)
    )


def transition_allowed(*, current: str, to: str) -> bool:
    return ApplicationStatus(to) in APPLICATION_TRANSITIONS[ApplicationStatus(current)]


def transition_refusal(*, application: Application, to: str) -> str:
    """Why the application cannot move to ``to``, naming where it is now."""
    return _(
        "This application is %(status)s now, so it cannot be %(move)s. "
        "Reload the page to see where it stands."
    ) % {
        "status": ApplicationStatus(application.status).label.lower(),
        "move": _MOVE[ApplicationStatus(to)],
    }


def application_transition(
    *,
    application: Application,
    to: ApplicationStatus,
    action: str,
    user=None,
    data: dict | None = None,
    fields: Iterable[str] = (),
) -> Application:
    """Move the application to ``to`` and log ``action`` with ``data``.

    The row is locked and its status read afresh; a move the table does not
    allow from that status is refused with a ServiceError and writes
    nothing. ``fields`` names other columns the caller has set on
    ``application``: they are saved with the status. Returns the locked,
    saved row.
    """
    fields = tuple(fields)
    with transaction.atomic():
        locked = application_lock(application_id=application.pk)
        if not transition_allowed(current=locked.status, to=to):
            raise ServiceError(transition_refusal(application=locked, to=to))
        for name in fields:
            setattr(locked, name, getattr(application, name))
        locked.status = to
        locked.save(update_fields=["status", *fields])
        log(instance=locked, action=action, user=user, data=data)
    return locked
