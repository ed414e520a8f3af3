from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from fund.applications.models import Application
from fund.applications.selectors import applications_for_staff
from fund.applications.status import DECIDABLE, UNDER_REVIEW, ApplicationStatus
from fund.calls.models import FundPage
from fund.core.permissions import REVIEW, VIEW_APPLICATION
from fund.reviews.models import Conflict, Recommendation, Review, ReviewAssignment, ReviewStatus
from fund.reviews.scoring import needs_moderation


def assignments_for_reviewer(*, user) -> QuerySet[ReviewAssignment]:
    """A panel member's assignments, with what their listing shows, in a
    fixed number of queries however many there are."""
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .exclude(application__status=ApplicationStatus.DRAFT)
        .select_related("application__page__callpage", "review")
        .order_by("application__page__callpage__reviews_close_at", "application__reference")
    )


def next_assignment_for_reviewer(*, user, after=None) -> ReviewAssignment | None:
    """The review waiting for ``user`` that is due soonest: not submitted,
    no conflict declared, the application still under review. ``after``
    (the one just done) is left out."""
    waiting = (
        assignments_for_reviewer(user=user)
        .filter(application__status__in=UNDER_REVIEW)
        .exclude(conflict=Conflict.DECLARED)
        .exclude(review__status=ReviewStatus.SUBMITTED)
    )
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    return waiting.first()


def applications_visible_to(*, user) -> QuerySet[Application]:
    """Applications whose content ``user`` may see: all of them for staff who
    may view applications; for a panel member, those assigned to them where
    they have declared no conflict."""
    if user.has_perm(VIEW_APPLICATION):
        return applications_for_staff()
    if user.has_perm(REVIEW):
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


def panel_agreed_amount(reviews, *, requested: Decimal) -> Decimal | None:
    """The amount the submitted ``reviews`` all recommend, when they agree:
    "fund in full" recommends the amount requested and "fund in part" the
    reviewer's suggested amount. None when any of them recommends declining,
    a part with no amount, or amounts that differ, or there are no reviews."""
    amounts = set()
    for review in reviews:
        if review.recommendation == Recommendation.FUND_FULL:
            amounts.add(requested)
        elif review.recommendation == Recommendation.FUND_PART and review.suggested_amount:
            amounts.add(review.suggested_amount)
        else:
            return None
    return amounts.pop() if len(amounts) == 1 else None


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
    """One undecided bid in the ranking. A ranked bid (enough submitted
    reviews) has a rank and a running total; a bid not ranked yet has neither."""

    rank: int | None
    application: Application
    mean_score: Decimal | None
    review_count: int
    spread: Decimal | None
    flagged: bool
    cumulative_requested: Decimal | None
    within_budget: bool
    first_below_line: bool = False  # the funding line is drawn above this row
    last_within_line: bool = False  # every ranked bid fits: the line is drawn below this row
    first_not_ranked: bool = False  # the "Not ranked yet" group starts at this row
    minimum_reviews: int = 0

    @property
    def ranked(self) -> bool:
        return self.rank is not None


UNDECIDED = {ApplicationStatus.ELIGIBLE, ApplicationStatus.IN_REVIEW, ApplicationStatus.REVIEWED}


DECIDED = [ApplicationStatus.AWARDED, ApplicationStatus.DECLINED]


RANKED_OUT = [
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INELIGIBLE,
    ApplicationStatus.WITHDRAWN,
    *DECIDED,
]


def ranking_order():
    """Ranked bids first; within each group the highest mean score first
    (unscored last), then the smaller request."""
    return [
        F("is_ranked").desc(),
        F("mean_score").desc(nulls_last=True),
        F("amount_requested").asc(),
        F("reference"),
    ]


def ranked_applications(*, call) -> tuple[QuerySet[Application], Decimal]:
    """The call's undecided bids (eligible, in review, reviewed), each
    annotated with its review summary, ``is_ranked`` (it has the minimum
    number of submitted reviews), its ``rank``, the ``cumulative_requested``
    of the ranked bids down to it and ``ranked_total``; and the fund's
    remaining budget (its total less what is committed to awards).

    Ranked bids come first in score order, then the bids not ranked yet.
    Only ranked bids add to the running total, so it never falls: the first
    ranked bid whose running total passes the remaining budget is the first
    below the funding line, and so is every ranked bid after it, even a
    smaller one that would fit on its own. Decided bids are not here (see
    `decided_applications`).

    Rank and running total are window functions, so the database works them
    out over every row while a page of the ranking fetches only its own
    rows: a page costs the same, and the same queries, for 20 applications
    or 2,000.
    """
    fund = FundPage.objects.ancestor_of(call).get()
    remaining = fund.total_budget - fund.committed
    money = DecimalField(max_digits=14, decimal_places=2)
    order = ranking_order()
    is_ranked = Case(
        When(submitted_count__gte=call.minimum_reviews, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    ranked_amount = Case(
        When(is_ranked=1, then=F("amount_requested")),
        default=Value(Decimal("0.00")),
        output_field=money,
    )
    applications = (
        with_review_summary(Application.objects.filter(page=call, status__in=UNDECIDED))
        .select_related("page")
        .annotate(submitted_count=submitted_count())
        .annotate(is_ranked=is_ranked)
        .annotate(
            rank=Window(RowNumber(), order_by=order),
            cumulative_requested=Window(Sum(ranked_amount), order_by=order),
            ranked_total=Window(Sum(F("is_ranked"))),
        )
        .order_by(*order)
    )
    return applications, remaining


def ranked_count(*, call) -> int:
    """How many rows `ranked_applications` has, without ranking them."""
    return Application.objects.filter(page=call, status__in=UNDECIDED).count()


def ranked_row(application, *, remaining, minimum_reviews) -> RankedApplication:
    """One row of `ranked_applications` as the ranking shows it.

    The running total only grows down the ranked bids, so a row is within
    the budget exactly when its running total fits, and the funding line is
    drawn once: above the row whose total passes the budget while the total
    before it did not, or, if every ranked bid fits, below the last one.
    Each row can tell this from its own window values, on whatever page.
    """
    mean = application.mean_score
    common = {
        "application": application,
        "mean_score": Decimal(mean).quantize(Decimal("0.0001")) if mean is not None else None,
        "review_count": application.review_count,
        "spread": application.spread,
        "flagged": application_needs_moderation(application),
        "minimum_reviews": minimum_reviews,
    }
    ranked_total = int(application.ranked_total or 0)
    if not application.is_ranked:
        return RankedApplication(
            rank=None,
            cumulative_requested=None,
            within_budget=False,
            first_not_ranked=application.rank == ranked_total + 1,
            **common,
        )
    cumulative = Decimal(str(application.cumulative_requested or 0)).quantize(Decimal("0.01"))
    within = cumulative <= remaining
    return RankedApplication(
        rank=application.rank,
        cumulative_requested=cumulative,
        within_budget=within,
        first_below_line=not within and cumulative - application.amount_requested <= remaining,
        last_within_line=within and application.rank == ranked_total,
        **common,
    )


def ranking(*, call) -> tuple[list[RankedApplication], Decimal]:
    """Every undecided row of the ranking (see `ranked_applications`) and
    the fund's remaining budget. Two queries, whatever the number of
    applications."""
    applications, remaining = ranked_applications(call=call)
    rows = [
        ranked_row(application, remaining=remaining, minimum_reviews=call.minimum_reviews)
        for application in applications
    ]
    return rows, remaining


def decided_applications(*, call) -> QuerySet[Application]:
    """The call's awarded, declined and withdrawn bids, shown apart from the
    ranking with their outcome and score: awards first, then declines, then
    withdrawals, each group by score. One query."""
    awarded_first = Case(
        When(status=ApplicationStatus.AWARDED, then=Value(0)),
        When(status=ApplicationStatus.DECLINED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        with_review_summary(
            Application.objects.filter(
                page=call, status__in=[*DECIDED, ApplicationStatus.WITHDRAWN]
            )
        )
        .select_related("award")
        .annotate(awarded_first=awarded_first)
        .order_by(
            "awarded_first", F("mean_score").desc(nulls_last=True), "amount_requested", "reference"
        )
    )


def overdue_review_assignments(*, now) -> QuerySet[ReviewAssignment]:
    """Reviews still not submitted after their call's reviews closed, on
    applications still in review (a declared conflict counts as done)."""
    return (
        ReviewAssignment.objects.filter(
            application__status__in=(ApplicationStatus.IN_REVIEW, ApplicationStatus.REVIEWED),
            application__page__callpage__reviews_close_at__lt=now,
        )
        .exclude(conflict=Conflict.DECLARED)
        .exclude(review__status=ReviewStatus.SUBMITTED)
    )


def ready_to_decide(*, now) -> QuerySet[Application]:
    """Applications a fund manager can decide on with no reason for haste
    (fund/awards/services/decisions.py, `decision_too_soon`): waiting for a decision,
    their call closed, and at least the call's number of reviews submitted."""
    return (
        Application.objects.filter(
            status__in=DECIDABLE,
            page__callpage__closes_at__lte=now,
        )
        .annotate(submitted_count=submitted_count())
        .filter(submitted_count__gte=F("page__callpage__minimum_reviews"))
    )


def submitted_count():
    """An application's number of submitted reviews, as an annotation. A
    subquery, not the review summary's aggregate, so that a window (the
    ranking's running total) can be taken over it."""
    submitted = (
        Review.objects.filter(assignment__application=OuterRef("pk"), status=ReviewStatus.SUBMITTED)
        .order_by()
        .values("assignment__application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(submitted), 0)
