"""What the tests of tests/reviews/services share.

The grant panel's rules, at the service layer: screening, assignment,
conflicts, reviews, reopening, and the status they move the application through.
"""

from wagtail.models import ModelLogEntry

from fund.reviews.services.reviewing import ScoreInput


def actions(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def scores_for(call, *values):
    """ScoreInputs in criterion order; None means N/A."""
    return [
        ScoreInput(criterion_id=c.pk, score=v, not_applicable=v is None)
        for c, v in zip(call.criteria.all(), values, strict=True)
    ]
