"""Reads that cross relations or aggregate (STYLE.md, "Where the rules live")."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    RowRange,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncDate

from fund.models import (
    LIVE_AWARD_STATUSES,
    Application,
    ApplicationStatus,
    Award,
    CallPage,
    Conflict,
    FundPage,
    FundReturn,
    Payment,
    Review,
    ReviewAssignment,
    ReviewStatus,
)
from fund.scoring import needs_moderation


def open_calls(*, at) -> QuerySet[CallPage]:
    """Live calls taking applications at ``at``, closing soonest first."""
    return CallPage.objects.live().filter(opens_at__lte=at, closes_at__gt=at).order_by("closes_at")


def applications_for_staff() -> QuerySet[Application]:
    """Submitted applications (never drafts) with what the listing shows."""
    return (
        Application.objects.exclude(status="draft")
        .select_related("page")
        .order_by("-submitted_at", "-pk")
    )


# --- the grant panel -----------------------------------------------------------


def assignments_for_reviewer(*, user) -> QuerySet[ReviewAssignment]:
    """A panel member's assignments, with what their listing shows, in a
    fixed number of queries however many there are."""
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(application__status=ApplicationStatus.DRAFT)
        .select_related("application__page__callpage", "review")
        .order_by("application__page__callpage__reviews_close_at", "application__reference")
    )


def panel_members():
    """Active users who may review applications (the "Grant panel" group, or
    the permission given directly), the people a fund manager can assign."""
    permission = Q(
        groups__permissions__codename="review_application",
        groups__permissions__content_type__app_label="fund",
    ) | Q(
        user_permissions__codename="review_application",
        user_permissions__content_type__app_label="fund",
    )
    return (
        get_user_model()
        .objects.filter(permission, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def applications_visible_to(*, user) -> QuerySet[Application]:
    """Applications whose content ``user`` may see: all of them for staff who
    may view applications; for a panel member, those assigned to them where
    they have declared no conflict."""
    if user.has_perm("fund.view_application"):
        return applications_for_staff()
    if user.has_perm("fund.review_application"):
        return applications_for_staff().filter(
            assignments__reviewer=user, assignments__conflict=Conflict.NONE
        )
    return Application.objects.none()


def submitted_reviews(*, application) -> QuerySet[Review]:
    return (
        Review.objects.filter(assignment__application=application, status=ReviewStatus.SUBMITTED)
        .select_related("assignment__reviewer")
        .prefetch_related("scores")
        .order_by("submitted_at")
    )


def with_review_summary(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate each application with its mean score, number of submitted
    reviews, spread and whether reviewers split between decline and fund in full."""
    submitted = Q(assignments__review__status=ReviewStatus.SUBMITTED)
    score = "assignments__review__score"
    recommendation = "assignments__review__recommendation"
    percent = DecimalField(max_digits=7, decimal_places=4)
    return queryset.annotate(
        mean_score=Avg(score, filter=submitted, output_field=percent),
        review_count=Count("assignments__review", filter=submitted),
        spread=ExpressionWrapper(
            Max(score, filter=submitted) - Min(score, filter=submitted), output_field=percent
        ),
        declines=Count("assignments__review", filter=submitted & Q(**{recommendation: "decline"})),
        full_funds=Count(
            "assignments__review", filter=submitted & Q(**{recommendation: "fund_full"})
        ),
    )


def application_needs_moderation(application) -> bool:
    """For an application annotated by `with_review_summary`."""
    return needs_moderation(
        spread=application.spread,
        recommendations=(["decline"] if application.declines else [])
        + (["fund_full"] if application.full_funds else []),
    )


@dataclass
class RankedApplication:
    rank: int
    application: Application
    mean_score: Decimal | None
    review_count: int
    spread: Decimal | None
    flagged: bool
    cumulative_requested: Decimal
    within_budget: bool
    first_below_line: bool = False
    passed_line: bool = False  # this row or one above it is below the line


UNDECIDED = {ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_REVIEW, ApplicationStatus.REVIEWED}
RANKED_OUT = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INELIGIBLE,
    ApplicationStatus.WITHDRAWN,
]


def ranking_order():
    """Highest mean score first (unscored last), then the smaller request."""
    return [F("mean_score").desc(nulls_last=True), F("amount_requested").asc(), F("reference")]


def ranked_applications(*, call) -> tuple[QuerySet[Application], Decimal]:
    """The call's reviewed applications in order of mean score, each
    annotated with its review summary, its ``rank`` and the
    ``cumulative_requested`` of the bids still to be decided down to it,
    and the fund's remaining budget.

    Rank and running total are window functions, so the database works them
    out over every row while a page of the ranking fetches only its own
    rows: a page costs the same, and the same queries, for 20 applications
    or 2,000. Awards are already out of the remaining budget, and a declined
    bid needs none of it: only bids still to be decided draw on it.
    """
    fund = FundPage.objects.ancestor_of(call).get()
    remaining = fund.total_budget - fund.committed
    money = DecimalField(max_digits=14, decimal_places=2)
    order = ranking_order()
    undecided_amount = Case(
        When(status__in=UNDECIDED, then=F("amount_requested")),
        default=Value(Decimal("0.00")),
        output_field=money,
    )
    # Decided and not awarded (declined): below the line wherever it ranks.
    not_awarded = Case(
        When(status__in=[*UNDECIDED, ApplicationStatus.AWARDED], then=Value(0)), default=Value(1)
    )
    applications = (
        with_review_summary(Application.objects.filter(page=call).exclude(status__in=RANKED_OUT))
        .select_related("page")
        .annotate(
            rank=Window(RowNumber(), order_by=order),
            cumulative_requested=Window(Sum(undecided_amount), order_by=order),
            not_awarded_so_far=Window(Max(not_awarded), order_by=order),
            not_awarded_before=Window(
                Max(not_awarded), order_by=order, frame=RowRange(start=None, end=-1)
            ),
        )
        .order_by(*order)
    )
    return applications, remaining


def ranked_count(*, call) -> int:
    """How many rows `ranked_applications` has, without ranking them."""
    return Application.objects.filter(page=call).exclude(status__in=RANKED_OUT).count()


def ranked_row(application, *, remaining) -> RankedApplication:
    """One row of `ranked_applications` as the ranking shows it.

    Once the running total has passed the remaining budget, or a bid has
    been declined, every row after is past the line too; so the funding line
    is drawn above the one row that has passed it when the row before had
    not, which each row can tell from its own window values.
    """
    undecided = application.status in UNDECIDED
    mean = application.mean_score
    cumulative = Decimal(str(application.cumulative_requested or 0)).quantize(Decimal("0.01"))
    before = cumulative - (application.amount_requested if undecided else 0)
    passed = cumulative > remaining or application.not_awarded_so_far == 1
    passed_before = before > remaining or application.not_awarded_before == 1
    return RankedApplication(
        rank=application.rank,
        application=application,
        mean_score=Decimal(mean).quantize(Decimal("0.0001")) if mean is not None else None,
        review_count=application.review_count,
        spread=application.spread,
        flagged=application_needs_moderation(application),
        cumulative_requested=cumulative,
        within_budget=(
            cumulative <= remaining
            if undecided
            else application.status == ApplicationStatus.AWARDED
        ),
        first_below_line=passed and not passed_before,
        passed_line=passed,
    )


def ranking(*, call) -> tuple[list[RankedApplication], Decimal]:
    """Every row of the ranking (see `ranked_applications`) and the fund's
    remaining budget: the applications whose cumulative request fits in
    what the fund has left are within the funding line. Two queries,
    whatever the number of applications."""
    applications, remaining = ranked_applications(call=call)
    return [ranked_row(application, remaining=remaining) for application in applications], (
        remaining
    )


# --- the budget ----------------------------------------------------------------


@dataclass
class FundBudget:
    fund: FundPage
    total: Decimal
    committed: Decimal
    paid: Decimal
    returned: Decimal
    status_counts: dict[str, int]

    @property
    def remaining(self) -> Decimal:
        return self.total - self.committed

    @property
    def committed_unpaid(self) -> Decimal:
        """Committed to awards but not yet paid out (net of money returned)."""
        return self.committed - (self.paid - self.returned)


def fund_budgets() -> list[FundBudget]:
    """Every fund's total, committed, paid, returned and remaining, and how
    many of its applications are in each status. Three queries in all."""
    paid = (
        Payment.objects.filter(award__fund=OuterRef("pk"))
        .values("award__fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    returned = (
        FundReturn.objects.filter(award__fund=OuterRef("pk"))
        .values("award__fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    zero = Value(Decimal("0.00"), output_field=DecimalField(max_digits=12, decimal_places=2))
    funds = list(
        FundPage.objects.annotate(
            paid=Coalesce(Subquery(paid), zero), returned=Coalesce(Subquery(returned), zero)
        ).order_by("path")
    )
    fund_of_call = {
        call_id: fund.pk
        for call_id, path in CallPage.objects.values_list("pk", "path")
        for fund in funds
        if path.startswith(fund.path)
    }
    counts: dict[int, dict[str, int]] = {fund.pk: {} for fund in funds}
    for page_id, status, number in (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .values_list("page_id", "status")
        .annotate(number=Count("pk"))
        .order_by()
    ):
        if page_id in fund_of_call:
            bucket = counts[fund_of_call[page_id]]
            bucket[status] = bucket.get(status, 0) + number
    return [
        FundBudget(
            fund=fund,
            total=fund.total_budget,
            committed=fund.committed,
            paid=fund.paid,
            returned=fund.returned,
            status_counts=counts[fund.pk],
        )
        for fund in funds
    ]


# --- awards --------------------------------------------------------------------


def awards_with_money() -> QuerySet[Award]:
    """Every award with its application, call and fund, what has been paid
    and returned, and what is still to pay on a live award: one query for
    any number of awards (the Awards listing and the awards report)."""
    money = DecimalField(max_digits=12, decimal_places=2)
    zero = Value(Decimal("0.00"), output_field=money)
    paid = (
        Payment.objects.filter(award=OuterRef("pk"))
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    returned = (
        FundReturn.objects.filter(award=OuterRef("pk"))
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Award.objects.select_related("application__page", "fund")
        .annotate(
            paid=Coalesce(Subquery(paid, output_field=money), zero),
            returned=Coalesce(Subquery(returned, output_field=money), zero),
        )
        .annotate(
            outstanding=Case(
                When(
                    status__in=LIVE_AWARD_STATUSES,
                    then=ExpressionWrapper(F("amount") - F("paid"), output_field=money),
                ),
                default=zero,
                output_field=money,
            ),
            decided_on=TruncDate("decided_at"),
        )
    )
