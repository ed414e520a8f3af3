"""What the fund's grants achieved, added up: the outcomes dashboard, the
Commissioner's impact report and the public "What the fund achieved" page
read their figures here.

A grant's figure for a target, and its spend on a budget line, are the ones
in its most recently accepted report (figures are cumulative: "so far since
the grant started"; a final report supersedes a progress report). Measures
are added up across calls by name, unit and kind. A grant that serves two
districts counts in full in each district's view, so the district views can
add up to more than the fund's total.

Every function here costs a fixed number of queries, whatever the number of
grants: the sums are made by the database.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from fund.applications.models import District
from fund.awards.models.awards import Award, AwardStatus, FundReturn, Payment
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.calls.models import CallPage, FundPage
from fund.calls.outcomes import BudgetCategory, MeasureKind, MeasureUnit, ReportKind
from fund.monitoring.models import GrantReport, ReportStatus

#: The grants counted: every award made that still stands.
STANDING = (AwardStatus.OFFERED, AwardStatus.ACCEPTED, AwardStatus.PAID, AwardStatus.COMPLETED)

#: A report is late when its due date has passed and it is in one of these.
NOT_SENT = (ReportStatus.DUE, ReportStatus.DRAFT, ReportStatus.CHANGES)

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class FinancialYear:
    """A UK financial year, "2026-27": 1 April 2026 to 31 March 2027."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> "FinancialYear | None":
        """ "2026-27" or "2026/27" or "2026" -> FinancialYear(2026); else None."""
        head = (text or "").strip().replace("/", "-").split("-")[0]
        return cls(int(head)) if head.isdigit() and len(head) == 4 else None

    @classmethod
    def of(cls, day: dt.date) -> "FinancialYear":
        """The financial year a day falls in: 31 March 2027 is in 2026-27."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def __str__(self):
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class Scope:
    """Which grants: a fund's, optionally one call's, one district's, or
    those decided in one financial year."""

    fund: FundPage
    call: CallPage | None = None
    district: str = ""
    year: FinancialYear | None = None


def grants(*, scope: Scope) -> QuerySet[Award]:
    """The standing awards in the scope (no query until read)."""
    awards = Award.objects.filter(fund=scope.fund, status__in=STANDING)
    if scope.call is not None:
        awards = awards.filter(application__page=scope.call)
    if scope.district:
        # Portable across PostgreSQL and SQLite: the JSON list as text holds
        # the district's key in quotes, and no key is part of another.
        awards = awards.alias(
            districts_text=Cast("application__districts", output_field=TextField())
        ).filter(districts_text__contains=f'"{scope.district}"')
    if scope.year is not None:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(scope.year.first_day, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(
            scope.year.last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz
        )
        awards = awards.filter(decided_at__gte=start, decided_at__lt=end)
    return awards


def latest_accepted(prefix: str = "") -> Q:
    """A report that is its grant's most recently accepted one: no other
    accepted report of the grant supersedes it. A final report supersedes a
    progress report; of two reports of a kind, the one accepted later does.
    ``prefix`` reaches the report from the model filtered ("report__").
    Written as one NOT EXISTS, which the database answers for every grant at
    once (an anti-join), not grant by grant."""
    kind, accepted_at = f"{prefix}kind", f"{prefix}accepted_at"
    superseding = GrantReport.objects.filter(
        award=OuterRef(f"{prefix}award"), status=ReportStatus.ACCEPTED
    ).filter(
        (Q(kind=ReportKind.FINAL) & ~Q(kind=OuterRef(kind)))
        | Q(kind=OuterRef(kind), accepted_at__gt=OuterRef(accepted_at))
        | Q(kind=OuterRef(kind), accepted_at=OuterRef(accepted_at), pk__gt=OuterRef(f"{prefix}pk"))
    )
    return Q(**{f"{prefix}status": ReportStatus.ACCEPTED}) & ~Exists(superseding)


def latest_reports(*, scope: Scope) -> Subquery:
    """The pk of each grant's most recently accepted report, for the grants
    in the scope: a subquery, to join a grant's figures or spend to."""
    reports = GrantReport.objects.filter(
        latest_accepted(), award__in=grants(scope=scope).values("pk")
    )
    return Subquery(reports.order_by().values("pk"))


def figure(value) -> str:
    """12.00 -> "12", 1234.50 -> "1,234.5": a figure as people write it."""
    return f"{value:,.2f}".rstrip("0").rstrip(".") or "0"


# --- outcomes against targets -------------------------------------------------------


@dataclass(frozen=True)
class MeasureTotal:
    name: str
    unit: str
    target: Decimal  # the sum of the agreed targets
    achieved: Decimal  # the sum of each grant's latest accepted figure
    grants: int  # grants with this measure
    reporting: int  # of which have an accepted figure

    @property
    def target_shown(self) -> str:
        return figure(self.target)

    @property
    def achieved_shown(self) -> str:
        return figure(self.achieved)

    @property
    def unit_label(self) -> str:
        return str(MeasureUnit(self.unit).label) if self.unit in MeasureUnit.values else self.unit

    @property
    def share(self) -> int | None:
        """Achieved as a whole percentage of the target, if there is one."""
        if not self.target:
            return None
        return round(self.achieved / self.target * 100)


def measure_totals(*, scope: Scope) -> list[MeasureTotal]:
    """Each numeric measure: agreed targets and achieved figures, summed.
    One query: each target joined to its figure in its grant's latest
    accepted report, if there is one (at most one: a report has one figure
    per target), so the targets and the figures are read once."""
    rows = (
        AwardTarget.objects.filter(
            award__in=grants(scope=scope).values("pk"), kind=MeasureKind.NUMBER
        )
        .alias(
            latest=FilteredRelation(
                "figures", condition=Q(figures__report__in=latest_reports(scope=scope))
            )
        )
        .values("name", "unit")
        .annotate(
            total=Coalesce(Sum("target"), Value(ZERO, output_field=MONEY_FIELD)),
            grants=Count("pk"),  # one target per measure and grant
            achieved=Sum("latest__achieved"),
            reporting=Count("latest__achieved"),  # figures given, not left blank
        )
        .order_by()
    )
    totals = [
        MeasureTotal(
            name=row["name"],
            unit=row["unit"],
            target=row["total"],
            achieved=row["achieved"] or ZERO,
            grants=row["grants"],
            reporting=row["reporting"],
        )
        for row in rows
    ]
    return sorted(totals, key=lambda total: (total.name.lower(), total.unit))


def measure_totals_by_district(*, scope: Scope) -> list[tuple[str, list[MeasureTotal]]]:
    """The measure totals of each district in turn (a grant serving two
    districts counts in both): one query a district."""
    by_district = []
    for district in District:
        totals = measure_totals(
            scope=Scope(fund=scope.fund, call=scope.call, district=district.value, year=scope.year)
        )
        if totals:
            by_district.append((str(district.label), totals))
    return by_district


# --- spend against plan -----------------------------------------------------------------


@dataclass(frozen=True)
class BudgetTotal:
    category: str
    planned: Decimal
    spent: Decimal  # so far, by each grant's latest accepted report

    @property
    def label(self) -> str:
        if self.category in BudgetCategory.values:
            return str(BudgetCategory(self.category).label)
        return self.category

    @property
    def share(self) -> int | None:
        if not self.planned:
            return None
        return round(self.spent / self.planned * 100)


def budget_totals(*, scope: Scope) -> list[BudgetTotal]:
    """Planned and spent so far for each budget line. One query: each line
    joined to its spend in its grant's latest accepted report, if there is
    one (a report has one spend per line)."""
    rows = (
        AwardBudgetLine.objects.filter(award__in=grants(scope=scope).values("pk"))
        .alias(
            latest=FilteredRelation(
                "spends", condition=Q(spends__report__in=latest_reports(scope=scope))
            )
        )
        .values_list("category")
        .annotate(planned=Sum("amount"), spent=Sum("latest__spent"))
        .order_by()
    )
    order = list(BudgetCategory.values)
    return [
        BudgetTotal(category=category, planned=planned or ZERO, spent=spent or ZERO)
        for category, planned, spent in sorted(
            rows,
            key=lambda row: (order.index(row[0]) if row[0] in order else len(order), row[0]),
        )
    ]


# --- late reports ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LateReports:
    count: int  # every late report in the scope
    grants: int  # the grants they belong to
    first: list[GrantReport] = field(default_factory=list)  # the longest overdue, with their award


def late_reports(*, scope: Scope, today: dt.date, limit: int | None = 50) -> LateReports:
    """Reports past their due date and not yet sent (nor accepted): how many,
    and the ``limit`` longest overdue with their award and application. Two
    queries."""
    late = GrantReport.objects.filter(
        award__in=grants(scope=scope).values("pk"), due_on__lt=today, status__in=NOT_SENT
    )
    counts = late.aggregate(count=Count("pk"), grants=Count("award", distinct=True))
    listed = (
        late.select_related("award__application")
        .only(
            "kind",
            "due_on",
            "status",
            "award__application__reference",
            "award__application__organisation_name",
        )
        .order_by("due_on", "pk")
    )
    if limit is not None:
        listed = listed[:limit]
    return LateReports(count=counts["count"], grants=counts["grants"], first=list(listed))


# --- money ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyTotals:
    grants: int
    awarded: Decimal
    paid: Decimal
    returned: Decimal

    @property
    def net_paid(self) -> Decimal:
        return self.paid - self.returned


def money_totals(*, scope: Scope) -> MoneyTotals:
    """Awarded, paid and returned on the grants in the scope. Three queries."""
    awards = grants(scope=scope)
    made = awards.aggregate(grants=Count("pk"), awarded=Sum("amount"))
    in_scope = awards.values("pk")
    paid = Payment.objects.filter(award__in=in_scope).aggregate(total=Sum("amount"))["total"]
    returned = FundReturn.objects.filter(award__in=in_scope).aggregate(total=Sum("amount"))
    return MoneyTotals(
        grants=made["grants"],
        awarded=made["awarded"] or ZERO,
        paid=paid or ZERO,
        returned=returned["total"] or ZERO,
    )


# --- choosing what to show ----------------------------------------------------------------


def funds() -> list[FundPage]:
    return list(FundPage.objects.order_by("path"))


def calls_of(fund: FundPage) -> list[CallPage]:
    return list(CallPage.objects.child_of(fund).order_by("-opens_at", "pk"))
