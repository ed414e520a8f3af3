"""What the tests of tests/reviews/services share.

The grant panel's rules, at the service layer: screening, assignment,
conflicts, reviews, reopening, and the status they move the application through.
"""

from fund.reviews.services.reviewing import ScoreInput


def scores_for(call, *values):
    """ScoreInputs in criterion order; None means N/A."""
    return [
        ScoreInput(criterion_id=c.pk, score=v, not_applicable=v is None)
        for c, v in zip(call.criteria.all(), values, strict=True)
    ]
