from django.db.models import (
    QuerySet,
)

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus


def applications_for_staff() -> QuerySet[Application]:
    """Submitted applications (never drafts) with what the listing shows."""
    return (
        Application.objects.exclude(status=ApplicationStatus.DRAFT)
        .select_related("page")
        .order_by("-submitted_at", "-pk")
    )
