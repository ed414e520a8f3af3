"""What is due on a given day, for the reminders
(fund/monitoring/services/reminders.py). Each is one query, with what its
e-mail needs joined in, however many rows it returns.

The windows are in days, counted on the fund's local calendar: a reminder
goes on the first run from the day it falls due, and the services' unique
key stops it going again."""

import datetime as dt

from django.db.models import DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fund.applications.status import UNDER_REVIEW
from fund.awards.models.awards import Award, AwardStatus, Instalment, Payment
from fund.core.money import MONEY
from fund.monitoring.models import OPEN_FOR_GRANTEE, GrantReport
from fund.reviews.models import Conflict, ReviewAssignment, ReviewStatus

#: How many days ahead each reminder goes.
REPORT_SOON_DAYS = 14
OFFER_DAYS = 7
REVIEW_DAYS = 3
INSTALMENT_DAYS = 7

#: A grantee reports on an award in these.
REPORTING = (AwardStatus.ACCEPTED, AwardStatus.PAID)


def _reports_open() -> QuerySet[GrantReport]:
    """Reports the grantee has still to send (not sent, or sent back for
    changes) on awards being reported on."""
    return GrantReport.objects.filter(
        status__in=OPEN_FOR_GRANTEE, award__status__in=REPORTING
    ).select_related("award__application__page")


def reports_due_soon(*, today: dt.date) -> QuerySet[GrantReport]:
    """Reports due within REPORT_SOON_DAYS, today included."""
    return _reports_open().filter(
        due_on__gte=today, due_on__lte=today + dt.timedelta(days=REPORT_SOON_DAYS)
    )


def reports_overdue(*, today: dt.date) -> QuerySet[GrantReport]:
    """Reports whose due date has passed (the day after it and later)."""
    return _reports_open().filter(due_on__lt=today)


def offers_waiting(*, today: dt.date) -> QuerySet[Award]:
    """Offers not yet answered that must be accepted within OFFER_DAYS."""
    return Award.objects.filter(
        status=AwardStatus.OFFERED,
        accept_by__gte=today,
        accept_by__lte=today + dt.timedelta(days=OFFER_DAYS),
    ).select_related("application__page")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def reviews_due(*, today: dt.date) -> QuerySet[ReviewAssignment]:
    """Assignments whose review is not submitted, on applications still in
    review, whose call's reviews close within REVIEW_DAYS (today included),
    for active panel members with an address. A declared conflict counts as
    done, as in fund/reviews/selectors.py ``overdue_review_assignments``."""
    return (
        ReviewAssignment.objects.filter(
            application__status__in=UNDER_REVIEW,
            application__page__callpage__reviews_close_at__gte=_start_of(today),
            application__page__callpage__reviews_close_at__lt=_start_of(
                today + dt.timedelta(days=REVIEW_DAYS + 1)
            ),
            reviewer__is_active=True,
        )
        .exclude(reviewer__email="")
        .exclude(conflict=Conflict.DECLARED)
        .exclude(review__status=ReviewStatus.SUBMITTED)
        .select_related("reviewer", "application__page__callpage")
        .order_by("reviewer_id", "application__reference", "pk")
    )


def instalments_due(*, today: dt.date) -> QuerySet[Instalment]:
    """Instalments of accepted awards due within INSTALMENT_DAYS (or already
    past) that the money paid so far does not cover: the award's paid total
    is less than everything scheduled up to and including this instalment
    (instalments in due date order). Each carries ``scheduled_through`` and
    ``paid``."""
    money = DecimalField(**MONEY)
    zero = Value(0, output_field=money)
    earlier = Q(award=OuterRef("award"), due_on__lt=OuterRef("due_on")) | Q(
        award=OuterRef("award"), due_on=OuterRef("due_on"), pk__lte=OuterRef("pk")
    )
    scheduled_through = (
        Instalment.objects.filter(earlier)
        .order_by()
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    paid = (
        Payment.objects.filter(award=OuterRef("award"))
        .order_by()
        .values("award")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Instalment.objects.filter(
            award__status=AwardStatus.ACCEPTED,
            due_on__lte=today + dt.timedelta(days=INSTALMENT_DAYS),
        )
        .annotate(
            scheduled_through=Coalesce(Subquery(scheduled_through), zero, output_field=money),
            paid=Coalesce(Subquery(paid), zero, output_field=money),
        )
        .filter(paid__lt=F("scheduled_through"))
        .select_related("award__application__page", "release_report")
        .order_by("due_on", "pk")
    )
