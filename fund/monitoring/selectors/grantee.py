"""What the grantee reads through the private status link: their grant's
reports, the one they are writing with its targets and budget lines, and
the money a final report leaves unspent."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from fund.awards.models.awards import AwardStatus
from fund.awards.selectors import paid_total, returned_total
from fund.core.money import pounds
from fund.monitoring.models import OPEN_FOR_GRANTEE, GrantReport, ReportStatus

#: A grant reports while it runs; once completed its reports are read only.
REPORTING_AWARDS = {AwardStatus.ACCEPTED, AwardStatus.PAID}
READABLE_AWARDS = REPORTING_AWARDS | {AwardStatus.COMPLETED}


def report_for_grantee(*, application, pk) -> GrantReport | None:
    """Report ``pk`` of the grant of ``application`` (the one bound to this
    browser by its status link), with its award, targets and budget lines;
    None if it is another grant's, or the grant does not report."""
    return (
        GrantReport.objects.filter(
            pk=pk,
            award__application=application,
            award__status__in=READABLE_AWARDS,
        )
        .select_related("award__application")
        .prefetch_related("award__targets", "award__budget_lines", "evidence")
        .first()
    )


def report_is_open(report: GrantReport) -> bool:
    """May the grantee write (or correct) the report now?"""
    return report.status in OPEN_FOR_GRANTEE and report.award.status in REPORTING_AWARDS


def report_action(report: GrantReport) -> str:
    """The words of the link to the report on the status page."""
    if report.award.status in REPORTING_AWARDS:
        if report.status == ReportStatus.DUE:
            return "write"
        if report.status == ReportStatus.DRAFT:
            return "continue"
        if report.status == ReportStatus.CHANGES:
            return "correct"
    return "view"


@dataclass(frozen=True)
class Unspent:
    """What a final report leaves of the money paid: paid less returned less
    the spend reported."""

    paid: Decimal
    returned: Decimal
    spent: Decimal

    @property
    def amount(self) -> Decimal:
        return self.paid - self.returned - self.spent


def report_unspent(report: GrantReport, *, spent: Decimal) -> Unspent | None:
    """The money unspent at the end of the grant, when a final report's
    ``spent`` is less than what was paid and not yet returned; else None."""
    if not report.is_final:
        return None
    unspent = Unspent(
        paid=paid_total(report.award), returned=returned_total(report.award), spent=spent
    )
    return unspent if unspent.amount > 0 else None


def report_spent(report: GrantReport) -> Decimal:
    """The spend a sent report gives, over all its budget lines."""
    return sum((spend.spent for spend in report.spends.all()), Decimal("0.00"))


@dataclass(frozen=True)
class SentAnswers:
    figures: list
    spends: list


def sent_answers(report: GrantReport) -> SentAnswers:
    """What a sent report says, against the agreed targets and plan: a row
    for every target and budget line (empty where it gave nothing)."""
    figures = {f.target_id: f for f in report.figures.all()}
    spends = {s.budget_line_id: s for s in report.spends.all()}
    return SentAnswers(
        figures=[
            (target, figures.get(target.pk), _shown(figures.get(target.pk), target))
            for target in report.award.targets.all()
        ],
        spends=[(line, spends.get(line.pk)) for line in report.award.budget_lines.all()],
    )


def _shown(figure, target):
    if figure is None or not target.is_number or figure.achieved is None:
        return ""
    return figure_against_target(figure.achieved, target)


def measure_amount(value: Decimal, target) -> str:
    """A figure of a target's measure as people read it: "12 people", "£40.00", "75%"."""
    if target.unit == "pounds":
        return pounds(value)
    number = f"{value.normalize():f}"
    return f"{number}%" if target.unit == "percent" else f"{number} {target.get_unit_display()}"


def figure_against_target(achieved: Decimal, target) -> str:
    """A figure with its agreed target: "12 people (target 20 people)"."""
    shown = measure_amount(achieved, target)
    if target.target is None:
        return shown
    return _("%(shown)s (target %(goal)s)") % {
        "shown": shown,
        "goal": measure_amount(target.target, target),
    }
