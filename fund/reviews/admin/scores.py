"""Scores as the admin pages write them."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from fund.reviews import scoring


def as_decimal(value):
    """An aggregate as a Decimal (some databases hand back a float)."""
    return None if value is None else Decimal(str(value))


def spread_shown(value) -> str:
    """The gap between the highest and lowest score, in percentage points."""
    if value is None:
        return "–"
    return _("%(points)s points") % {
        "points": as_decimal(value).quantize(scoring.SHOWN, rounding=ROUND_HALF_UP)
    }
