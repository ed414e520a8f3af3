"""Score arithmetic (docs/architecture.md, "Scoring"). Pure functions on Decimals.

The weighted score of a review is sum(score / max * weight) / sum(weight)
over the criteria not marked N/A, as a percentage. N/A is left out, never
counted as zero. An application's score is the mean of its submitted
reviews; the spread is the highest minus the lowest.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
STORED = Decimal("0.0001")  # Review.score keeps four decimal places
SHOWN = Decimal("0.1")  # people see one
MODERATION_SPREAD = Decimal(25)


@dataclass(frozen=True)
class Mark:
    score: int | None
    maximum: int
    weight: int
    not_applicable: bool = False


def weighted_score(marks: Iterable[Mark]) -> Decimal | None:
    """The review's weighted percentage, or None if every criterion is N/A."""
    counted = [m for m in marks if not m.not_applicable]
    total_weight = sum(m.weight for m in counted)
    if not total_weight:
        return None
    if any(m.score is None for m in counted):
        raise ValueError("Every criterion needs a score or N/A.")
    weighted = sum(Decimal(m.score) / Decimal(m.maximum) * m.weight for m in counted)
    return (weighted / total_weight * HUNDRED).quantize(STORED, rounding=ROUND_HALF_UP)


def shown(value: Decimal | None) -> str:
    """A percentage as people read it: one decimal place, e.g. "77.5%"."""
    if value is None:
        return "–"
    return f"{value.quantize(SHOWN, rounding=ROUND_HALF_UP)}%"


def needs_moderation(*, spread: Decimal | None, recommendations: Iterable[str]) -> bool:
    """Flag when the reviewers disagree: a spread over 25 points, or one says
    decline while another says fund in full."""
    recommendations = set(recommendations)
    split = {"decline", "fund_full"} <= recommendations
    return split or (spread is not None and spread > MODERATION_SPREAD)
