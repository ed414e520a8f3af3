import datetime as dt

from django.db.models import (
    Count,
    Q,
)
from django.utils import timezone

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import (
    Award,
    AwardStatus,
)
from fund.awards.selectors import awards_to_pay
from fund.monitoring.models import GrantReport, ReportStatus
from fund.monitoring.selectors.review import overdue_q
from fund.reviews.selectors import overdue_review_assignments, ready_to_decide


def week_start(today) -> dt.date:
    """The Monday of ``today``'s week."""
    return today - dt.timedelta(days=today.weekday())


def todo_counts(*, now) -> dict[str, int]:
    """What is waiting for the fund managers and for finance, each count
    being the length of the list its link opens. Five queries, whatever the
    numbers."""
    today = timezone.localdate(now)
    applications = Application.objects.aggregate(
        to_screen=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        to_assign=Count("pk", filter=Q(status=ApplicationStatus.ELIGIBLE)),
        to_decide=Count("pk", filter=Q(pk__in=ready_to_decide(now=now).values("pk"))),
        reviews_overdue=Count(
            "pk",
            filter=Q(pk__in=overdue_review_assignments(now=now).values("application")),
        ),
    )
    awards = Award.objects.aggregate(
        awaiting_acceptance=Count("pk", filter=Q(status=AwardStatus.OFFERED)),
        offers_overdue=Count("pk", filter=Q(status=AwardStatus.OFFERED, accept_by__lt=today)),
    )
    to_pay = awards_to_pay(today=today).aggregate(
        to_pay=Count("pk"),
        instalments_due=Count("pk", filter=Q(due_now__gt=0)),
        bank_details_to_approve=Count("pk", filter=Q(bank_to_approve=True)),
    )
    paid_this_week = (
        Award.objects.filter(payments__paid_on__gte=week_start(today)).distinct().count()
    )
    reports = GrantReport.objects.aggregate(
        reports_overdue=Count("pk", filter=overdue_q(today=today)),
        reports_to_review=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
    )
    return {
        **applications,
        **awards,
        **to_pay,
        **reports,
        "paid_this_week": paid_this_week,
    }
