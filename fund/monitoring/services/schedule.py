"""A grant's reporting schedule: made at award from the call's defaults
(fund/calls/outcomes.py, ``ReportDue``), then changed by fund managers on
the award's page: a report's due date moved, a progress report added, an
instalment tied to a report so that it waits for the report's acceptance.
Each change locks the award and is audited ("fund.report.reschedule",
"fund.report.tie")."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.awards.models.awards import AwardStatus, Instalment
from fund.awards.selectors import paid_total
from fund.awards.services.ledger import award_lock, refuse
from fund.calls.outcomes import DEFAULT_SCHEDULE, ReportDue, ReportKind
from fund.core.errors import ServiceError
from fund.core.money import pounds
from fund.monitoring.models import GrantReport, ReportStatus
from fund.monitoring.selectors.review import report_label


def planned_reports(award) -> list[GrantReport]:
    """The reports an award is asked for, unsaved: one for each of its
    call's defaults (or one final report three months after the end), at
    most one final report. The award need not be made yet (the letter's
    preview before the decision)."""
    defaults = list(ReportDue.objects.filter(page_id=award.application.page_id))
    if not defaults:
        defaults = [
            ReportDue(kind=kind, anchor=anchor, months_after=months)
            for kind, anchor, months in DEFAULT_SCHEDULE
        ]
    finals = [due for due in defaults if due.kind == ReportKind.FINAL][:1]
    progress = [due for due in defaults if due.kind != ReportKind.FINAL]
    return [
        GrantReport(
            award=award,
            kind=due.kind,
            due_on=due.due_on(period_start=award.period_start, period_end=award.period_end),
        )
        for due in progress + finals
    ]


def schedule_make(award) -> list[GrantReport]:
    """Make the award's reports, as planned_reports() plans them."""
    return GrantReport.objects.bulk_create(planned_reports(award))


#: The schedule of an award in one of these may still change.
SCHEDULE_OPEN = {AwardStatus.OFFERED, AwardStatus.ACCEPTED, AwardStatus.PAID}


def _award_locked(award_id: int):
    award = award_lock(award_id=award_id)
    if award.status not in SCHEDULE_OPEN:
        raise ServiceError(
            _("The reports of a %(status)s award can no longer change.")
            % {"status": award.get_status_display().lower()}
        )
    return award


def _report_of(award, report_id: int) -> GrantReport:
    report = GrantReport.objects.select_for_update().get(pk=report_id, award=award)
    if report.status == ReportStatus.ACCEPTED:
        raise ServiceError(
            _("%(report)s is accepted already, so it cannot change.")
            % {"report": capfirst(report_label(report))}
        )
    return report


def report_reschedule(*, report: GrantReport, due_on: dt.date, by) -> GrantReport:
    """Move a report's due date (agreed with the grantee, say)."""
    if due_on is None:
        refuse("due_on", _("Enter the date the report is due."))
    with transaction.atomic():
        award = _award_locked(report.award_id)
        report = _report_of(award, report.pk)
        was = report.due_on
        report.due_on = due_on
        report.save(update_fields=["due_on"])
        log(
            instance=award.application,
            action="fund.report.reschedule",
            user=by,
            data={
                "report": report.pk,
                "kind": report.kind,
                "from": was.isoformat(),
                "to": due_on.isoformat(),
            },
        )
    return report


def report_add(*, award, due_on: dt.date, by) -> GrantReport:
    """Add a progress report to the award's schedule (a grant has one final
    report, made at award)."""
    if due_on is None:
        refuse("due_on", _("Enter the date the report is due."))
    with transaction.atomic():
        award = _award_locked(award.pk)
        report = GrantReport.objects.create(award=award, kind=ReportKind.PROGRESS, due_on=due_on)
        log(
            instance=award.application,
            action="fund.report.reschedule",
            user=by,
            data={"report": report.pk, "kind": report.kind, "added": due_on.isoformat()},
        )
    return report


def report_tie(*, report: GrantReport, instalment, by) -> GrantReport:
    """Tie one of the award's instalments to the report, so it is not paid
    until the report is accepted; ``instalment`` None unties it."""
    with transaction.atomic():
        award = _award_locked(report.award_id)
        report = _report_of(award, report.pk)
        if instalment is not None:
            instalment = _instalment_to_tie(award, report, instalment.pk)
        report.instalment = instalment
        report.save(update_fields=["instalment"])
        log(
            instance=award.application,
            action="fund.report.tie",
            user=by,
            data={
                "report": report.pk,
                "kind": report.kind,
                "instalment": instalment.pk if instalment else None,
                "amount": str(instalment.amount) if instalment else None,
            },
        )
    return report


def _instalment_to_tie(award, report, instalment_id):
    instalment = Instalment.objects.filter(pk=instalment_id, award=award).first()
    if instalment is None:
        refuse("instalment", _("Choose one of this award's instalments."))
    other = GrantReport.objects.filter(instalment=instalment).exclude(pk=report.pk).first()
    if other is not None:
        refuse(
            "instalment",
            _("That instalment already waits for %(report)s. Untie it there first.")
            % {"report": report_label(other)},
        )
    held = sum(
        (
            r.instalment.amount
            for r in award.reports.select_related("instalment")
            .exclude(pk=report.pk)
            .exclude(status=ReportStatus.ACCEPTED)
            .exclude(instalment=None)
        ),
        Decimal("0.00"),
    )
    paid = paid_total(award)
    if paid > award.amount - held - instalment.amount:
        refuse(
            "instalment",
            _(
                "%(paid)s of this award has been paid already, so %(amount)s more cannot wait "
                "for a report: the payments have used that money."
            )
            % {"paid": pounds(paid), "amount": pounds(instalment.amount)},
        )
    return instalment
