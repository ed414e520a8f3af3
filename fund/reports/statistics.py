"""The figures behind a call's charts (Reports > Call statistics).

Each function takes the call and costs one query however many applications
it has: counts and sums are grouped in the database, and the one figure
the database cannot group portably (the districts, a JSON list on each
application) is counted here from a single query's values. Drafts are the
applicant's business until they submit, so none of these count them.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Round

from fund.applications.models import Application, District
from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import AwardStatus
from fund.calls.models import CallPage
from fund.reviews.models import Review, ReviewStatus
from fund.reviews.scoring import STORED

ZERO = Decimal("0.00")

#: Every status an application can have once it is sent, in workflow order.
SENT_STATUSES = [status for status in ApplicationStatus if status != ApplicationStatus.DRAFT]

#: Screened eligible: the applications the panel scores and the ranking lists
#: (an application withdrawn later no longer asks for anything).
ELIGIBLE_STATUSES = [
    ApplicationStatus.ELIGIBLE,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.REVIEWED,
    ApplicationStatus.AWARDED,
    ApplicationStatus.DECLINED,
]

#: An award that still stands: offered, taken up or finished. One declined by
#: the applicant or withdrawn gave its money back, so it is not counted.
STANDING_AWARD_STATUSES = [
    AwardStatus.OFFERED,
    AwardStatus.ACCEPTED,
    AwardStatus.PAID,
    AwardStatus.COMPLETED,
]

#: The score bands are this many percentage points wide: 0-10, ..., 90-100.
BAND_WIDTH = 10
BANDS = range(0, 100, BAND_WIDTH)


def sent_applications(*, call: CallPage) -> QuerySet[Application]:
    return Application.objects.filter(page=call).exclude(status=ApplicationStatus.DRAFT)


def calls_with_application_counts() -> QuerySet[CallPage]:
    """Every call, the one opened last first, with ``sent``: how many
    applications have been sent to it. One query."""
    sent = (
        Application.objects.filter(page=OuterRef("pk"))
        .exclude(status=ApplicationStatus.DRAFT)
        .values("page")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return CallPage.objects.annotate(
        sent=Coalesce(Subquery(sent, output_field=IntegerField()), Value(0))
    ).order_by("-opens_at", "-pk")


# --- by status -----------------------------------------------------------------


@dataclass(frozen=True)
class StatusFigures:
    status: ApplicationStatus
    count: int
    requested: Decimal

    @property
    def label(self):
        return self.status.label


def applications_by_status(*, call: CallPage) -> list[StatusFigures]:
    """How many of the call's applications are in each status, and what they
    ask for, in workflow order; a status with none is listed with 0."""
    found = {
        row["status"]: row
        for row in sent_applications(call=call)
        .values("status")
        .annotate(count=Count("pk"), requested=Sum("amount_requested"))
        .order_by()
    }
    return [
        StatusFigures(
            status=status,
            count=found.get(status, {}).get("count", 0),
            requested=found.get(status, {}).get("requested") or ZERO,
        )
        for status in SENT_STATUSES
    ]


# --- by district ---------------------------------------------------------------


@dataclass(frozen=True)
class DistrictCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class DistrictFigures:
    districts: list[DistrictCount]
    applications: int
    several_districts: int  # applications serving more than one district
    no_district: int  # applications that named none


def applications_by_district(*, call: CallPage) -> DistrictFigures:
    """How many of the call's applications serve each district. An application
    serving several districts counts once in each of them, so the counts add
    up to more than the number of applications."""
    counts, applications, several, none = Counter(), 0, 0, 0
    for districts in sent_applications(call=call).values_list("districts", flat=True).order_by():
        served = set(districts or [])
        applications += 1
        several += len(served) > 1
        none += not served
        counts.update(served)
    known = [
        DistrictCount(key=district.value, label=district.label, count=counts.pop(district.value, 0))
        for district in District
    ]
    # A value no longer among the choices is shown as stored, never dropped.
    unknown = [DistrictCount(key=key, label=key, count=n) for key, n in sorted(counts.items())]
    return DistrictFigures(
        districts=known + unknown,
        applications=applications,
        several_districts=several,
        no_district=none,
    )


# --- the scores ------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreBand:
    lower: int
    upper: int
    count: int

    @property
    def is_last(self):
        return self.upper >= 100


@dataclass(frozen=True)
class ScoreFigures:
    bands: list[ScoreBand]
    unscored: int  # screened eligible, but no submitted review with a score

    @property
    def scored(self):
        return sum(band.count for band in self.bands)

    @property
    def applications(self):
        return self.scored + self.unscored


def score_distribution(*, call: CallPage) -> ScoreFigures:
    """How many of the call's eligible applications have a mean score in each
    band of ten points (0 to under 10, ..., 90 to 100), and how many have no
    score yet.

    The mean is the one the ranking shows: the average of the submitted
    reviews' weighted scores, rounded as they are stored (so float noise in
    SQLite cannot drop 70.0 into the band below). Counted per band in the
    database: one query, at most eleven rows.
    """
    percent = DecimalField(max_digits=7, decimal_places=4)
    mean = (
        Review.objects.filter(assignment__application=OuterRef("pk"), status=ReviewStatus.SUBMITTED)
        .values("assignment__application")
        .annotate(mean=Avg("score", output_field=percent))
        .values("mean")
    )
    places = abs(STORED.as_tuple().exponent)
    band = Case(
        *(When(mean_score__gte=lower, then=Value(lower)) for lower in reversed(BANDS) if lower > 0),
        When(mean_score__isnull=False, then=Value(0)),
        default=Value(None),
        output_field=IntegerField(),
    )
    rows = (
        sent_applications(call=call)
        .filter(status__in=ELIGIBLE_STATUSES)
        .annotate(mean_score=Round(Subquery(mean, output_field=percent), places))
        .annotate(band=band)
        .values("band")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["band"]: row["count"] for row in rows}
    return ScoreFigures(
        bands=[
            ScoreBand(lower=lower, upper=lower + BAND_WIDTH, count=counts.get(lower, 0))
            for lower in BANDS
        ],
        unscored=counts.get(None, 0),
    )


# --- the money -------------------------------------------------------------------


@dataclass(frozen=True)
class MoneyFigures:
    applications: int
    requested: Decimal  # by every application sent
    eligible: int
    requested_eligible: Decimal  # by the applications screened eligible
    awards: int
    requested_awarded: Decimal  # by the applications with a standing award
    awarded: Decimal  # the standing awards' amounts

    @property
    def awarded_share_of_eligible(self) -> int | None:
        """The amount awarded as a whole percentage of what eligible applications asked for."""
        if not self.requested_eligible:
            return None
        return round(self.awarded / self.requested_eligible * 100)


def requested_and_awarded(*, call: CallPage) -> MoneyFigures:
    """What the call's applications asked for (all of them, the eligible ones,
    the ones awarded) against what has been awarded. One query: an
    application has at most one award, so joining it multiplies nothing."""
    standing = Q(award__status__in=STANDING_AWARD_STATUSES)
    eligible = Q(status__in=ELIGIBLE_STATUSES)
    totals = sent_applications(call=call).aggregate(
        applications=Count("pk"),
        requested=Sum("amount_requested"),
        eligible=Count("pk", filter=eligible),
        requested_eligible=Sum("amount_requested", filter=eligible),
        awards=Count("award", filter=standing),
        requested_awarded=Sum("amount_requested", filter=standing),
        awarded=Sum("award__amount", filter=standing),
    )
    return MoneyFigures(
        **{name: value if value is not None else ZERO for name, value in totals.items()}
    )
