from django.db.models import (
    Count,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from fund.applications.models import Application
from fund.reviews.models import Review, ReviewStatus


def applications_for_staff() -> QuerySet[Application]:
    """Submitted applications (never drafts) with what the listing shows."""
    return (
        Application.objects.exclude(status="draft")
        .select_related("page")
        .order_by("-submitted_at", "-pk")
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
