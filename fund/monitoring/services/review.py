"""Staff review of a grant report: accept it, or ask the grantee for
changes with a reason they see on their status page and in an e-mail.

Each locks the report's row, checks the move (only a report the grantee
has sent is reviewed), writes the audit entry on the application, and
queues the e-mail to the grantee with their private status link.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from fund.applications.services.links import contact_email
from fund.core.errors import ServiceError
from fund.monitoring.models import GrantReport, ReportStatus
from fund.monitoring.selectors.review import REPORTING_AWARDS, report_label

#: Why a report in each status cannot be reviewed, in plain words.
NOT_REVIEWABLE = {
    ReportStatus.DUE: gettext_lazy("The grantee has not started it yet."),
    ReportStatus.DRAFT: gettext_lazy("The grantee is still writing it and has not sent it."),
    ReportStatus.CHANGES: gettext_lazy(
        "Changes have been asked for: it can be reviewed again once the grantee sends it back."
    ),
    ReportStatus.ACCEPTED: gettext_lazy("It has been accepted already."),
}


def report_lock(*, report_id: int) -> GrantReport:
    """The report's row, read afresh and locked, with its award and application."""
    return (
        GrantReport.objects.select_for_update(of=("self",))
        .select_related("award__application__page")
        .get(pk=report_id)
    )


def _reviewable(report_id: int) -> GrantReport:
    report = report_lock(report_id=report_id)
    if report.status != ReportStatus.SUBMITTED:
        raise ServiceError(
            _("%(report)s of %(reference)s cannot be reviewed now. %(why)s")
            % {
                "report": capfirst(report_label(report)),
                "reference": report.award.reference,
                "why": NOT_REVIEWABLE[report.status],
            }
        )
    if report.award.status not in REPORTING_AWARDS:
        raise ServiceError(
            _("The award %(reference)s is %(status)s, so its reports are no longer reviewed.")
            % {
                "reference": report.award.reference,
                "status": report.award.get_status_display().lower(),
            }
        )
    return report


def report_accept(*, report: GrantReport, by) -> GrantReport:
    """Accept a report the grantee has sent: it counts from now in the
    grant's figures, and an instalment tied to it may be paid."""
    with transaction.atomic():
        report = _reviewable(report.pk)
        now = timezone.now()
        report.status = ReportStatus.ACCEPTED
        report.accepted_at = report.reviewed_at = now
        report.reviewed_by = by
        report.save(update_fields=["status", "accepted_at", "reviewed_at", "reviewed_by"])
        log(
            instance=report.award.application,
            action="fund.report.accept",
            user=by,
            data={"report": report.pk, "kind": report.kind, "due_on": report.due_on.isoformat()},
        )
        _email_grantee(report, kind="report_accepted")
    return report


def report_request_changes(*, report: GrantReport, reason: str, by) -> GrantReport:
    """Send a report back to the grantee with ``reason``, which they read on
    their status page and in the e-mail."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Say what the grantee should change: they will read it as you write it.")
        raise ServiceError(message, {"reason": message})
    with transaction.atomic():
        report = _reviewable(report.pk)
        report.status = ReportStatus.CHANGES
        report.changes_requested = reason
        report.reviewed_at = timezone.now()
        report.reviewed_by = by
        report.save(update_fields=["status", "changes_requested", "reviewed_at", "reviewed_by"])
        log(
            instance=report.award.application,
            action="fund.report.changes",
            user=by,
            data={"report": report.pk, "kind": report.kind, "reason": reason},
        )
        _email_grantee(report, kind="report_changes")
    return report


def _email_grantee(report, *, kind):
    contact_email(
        report.award.application, kind=kind, report=report, report_name=report_label(report)
    )
