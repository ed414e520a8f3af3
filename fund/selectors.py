"""Reads that cross relations or aggregate (STYLE.md, "Where the rules live")."""

from django.db.models import QuerySet

from fund.models import Application, CallPage


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
