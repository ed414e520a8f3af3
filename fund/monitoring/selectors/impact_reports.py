"""The Commissioner's impact reports asked for on Reports > Outcomes, and the
financial years one may be asked for: one query each, whatever the number
of reports or grants."""

from django.db.models import Max, Min
from django.utils import timezone

from fund.calls.models import FundPage
from fund.monitoring.models import ImpactReport
from fund.monitoring.selectors.outcomes import FinancialYear, Scope, grants

#: The reports listed on the dashboard, newest first.
LISTED = 10


def impact_reports_made(*, fund: FundPage, limit: int = LISTED) -> list[ImpactReport]:
    """The fund's impact reports, newest first, with who asked for each."""
    return list(
        ImpactReport.objects.filter(fund=fund)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:limit]
    )


def impact_report_years(*, fund: FundPage) -> list[FinancialYear]:
    """The years a report may be made for, newest first: the fund's own
    financial year and every year from its first grant to its last."""
    span = grants(scope=Scope(fund=fund)).aggregate(first=Min("decided_at"), last=Max("decided_at"))
    years = {FinancialYear.parse(fund.financial_year)} - {None}
    if span["first"] is not None:
        first = FinancialYear.of(timezone.localdate(span["first"])).start_year
        last = FinancialYear.of(timezone.localdate(span["last"])).start_year
        years.update(FinancialYear(start) for start in range(first, last + 1))
    return sorted(years, key=lambda year: year.start_year, reverse=True)
