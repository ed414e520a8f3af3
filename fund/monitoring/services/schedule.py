"""A grant's reporting schedule: made at award from the call's defaults
(fund/calls/outcomes.py, ``ReportDue``)."""

from fund.calls.outcomes import DEFAULT_SCHEDULE, ReportDue, ReportKind
from fund.monitoring.models import GrantReport


def schedule_make(award) -> list[GrantReport]:
    """The award's reports, one for each of its call's defaults (or one final
    report three months after the end); at most one final report."""
    call = award.application.page
    defaults = list(ReportDue.objects.filter(page_id=call.pk))
    if not defaults:
        defaults = [
            ReportDue(kind=kind, anchor=anchor, months_after=months)
            for kind, anchor, months in DEFAULT_SCHEDULE
        ]
    reports, final_seen = [], False
    for due in sorted(defaults, key=lambda d: d.kind == ReportKind.FINAL):
        if due.kind == ReportKind.FINAL:
            if final_seen:
                continue
            final_seen = True
        reports.append(
            GrantReport(
                award=award,
                kind=due.kind,
                due_on=due.due_on(period_start=award.period_start, period_end=award.period_end),
            )
        )
    return GrantReport.objects.bulk_create(reports)
