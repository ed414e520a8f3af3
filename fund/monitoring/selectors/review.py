"""What staff read to review grant reports: the listing of reports, one
report's figures against its targets and spend against plan, the money an
instalment tied to a report holds back, and what stands in the way of
completing a grant."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fund.awards.models.awards import Award, AwardStatus
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.awards.monitoring import Hold
from fund.core.money import pounds
from fund.monitoring.models import OPEN_FOR_GRANTEE, GrantReport, ReportStatus

ZERO = Decimal("0.00")

#: A report of an award in one of these is the grantee's to write.
REPORTING_AWARDS = {AwardStatus.ACCEPTED, AwardStatus.PAID}


def overdue_q(*, today: dt.date) -> Q:
    """Reports past their due date that the grantee has not sent (or has
    not sent again after changes were asked for), on awards still running."""
    return Q(
        status__in=OPEN_FOR_GRANTEE,
        due_on__lt=today,
        award__status__in=REPORTING_AWARDS,
    )


def reports_for_review() -> QuerySet[GrantReport]:
    """Every report, with what its listing row shows, in one query."""
    return GrantReport.objects.select_related("award__application__page", "award__fund")


def reports_overdue(*, today: dt.date) -> QuerySet[GrantReport]:
    return GrantReport.objects.filter(overdue_q(today=today))


def reports_waiting_for_review() -> QuerySet[GrantReport]:
    return GrantReport.objects.filter(status=ReportStatus.SUBMITTED)


def report_label(report: GrantReport) -> str:
    """ "the progress report due 30 June 2027": a report as a sentence names it."""
    return _("the %(kind)s due %(date)s") % {
        "kind": report.get_kind_display().lower(),
        "date": date_format(report.due_on, "j F Y"),
    }


def payment_holds(award_ids) -> dict[int, Hold]:
    """The money each award may not pay yet: its instalments tied to reports
    not yet accepted, with a reason naming each report. One query."""
    held = (
        GrantReport.objects.filter(award_id__in=list(award_ids), instalment__isnull=False)
        .exclude(status=ReportStatus.ACCEPTED)
        .select_related("instalment")
        .order_by("award_id", "due_on", "pk")
    )
    by_award: dict[int, list[GrantReport]] = {}
    for report in held:
        by_award.setdefault(report.award_id, []).append(report)
    return {award_id: _hold(reports) for award_id, reports in by_award.items()}


def _hold(reports) -> Hold:
    sentences = [
        _("%(amount)s of this award waits for %(report)s, which has not been accepted yet.")
        % {"amount": pounds(report.instalment.amount), "report": report_label(report)}
        for report in reports
    ]
    return Hold(
        amount=sum((report.instalment.amount for report in reports), ZERO),
        reason=" ".join(sentences),
    )


@dataclass
class FigureRow:
    target: AwardTarget
    figure: object  # ReportFigure or None

    @property
    def achieved(self):
        return self.figure.achieved if self.figure else None

    @property
    def share(self):
        """Achieved as a whole percentage of the target, or None."""
        if self.achieved is None or not self.target.target:
            return None
        return round(self.achieved / self.target.target * 100)


@dataclass
class SpendRow:
    line: AwardBudgetLine
    spent: Decimal | None

    @property
    def difference(self) -> str:
        """Spent against planned, in words: "£500.00 under plan"."""
        if self.spent is None:
            return ""
        gap = self.spent - self.line.amount
        if gap < 0:
            return _("%(amount)s under plan") % {"amount": pounds(-gap)}
        if gap > 0:
            return _("%(amount)s over plan") % {"amount": pounds(gap)}
        return _("On plan")


@dataclass
class ReportReading:
    """One report as a reviewer reads it."""

    report: GrantReport
    numbers: list[FigureRow]
    texts: list[FigureRow]
    spends: list[SpendRow]
    evidence: list

    @property
    def planned(self) -> Decimal:
        return sum((row.line.amount for row in self.spends), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent or ZERO for row in self.spends), ZERO)


def report_reading(report: GrantReport) -> ReportReading:
    """The report's figures against the award's targets, its spend against
    each budget line and its evidence: four queries."""
    award = report.award
    figures = {figure.target_id: figure for figure in report.figures.all()}
    rows = [FigureRow(target, figures.get(target.pk)) for target in award.targets.all()]
    spent = {spend.budget_line_id: spend.spent for spend in report.spends.all()}
    return ReportReading(
        report=report,
        numbers=[row for row in rows if row.target.is_number],
        texts=[row for row in rows if not row.target.is_number],
        spends=[SpendRow(line, spent.get(line.pk)) for line in award.budget_lines.all()],
        evidence=list(report.evidence.all()),
    )


def final_report(award: Award) -> GrantReport | None:
    return award.reports.filter(kind="final").first()


def report_spend_total(report: GrantReport) -> Decimal:
    return report.spends.aggregate(total=Sum("spent"))["total"] or ZERO
