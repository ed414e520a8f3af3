from django.db.models import (
    QuerySet,
)

from fund.calls.models import CallPage


def open_calls(*, at) -> QuerySet[CallPage]:
    """Live calls taking applications at ``at``, closing soonest first."""
    return CallPage.objects.live().filter(opens_at__lte=at, closes_at__gt=at).order_by("closes_at")
