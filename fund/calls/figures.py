"""How a figure for an outcome measure is written everywhere: "1,200 people",
"£350.00", "75%", "12.5 hours" (fund/calls/outcomes.py, MeasureUnit)."""

from decimal import Decimal

from django.utils.formats import number_format

from fund.calls.outcomes import MeasureUnit
from fund.core.money import pounds


def number(value) -> str:
    """1,200 or 12.5: whole numbers without decimals, others as given."""
    value = Decimal(value)
    places = (
        0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    )
    return number_format(value, places, force_grouping=True)


def figure(value, unit) -> str:
    """A figure with its unit; nothing for no value."""
    if value is None or value == "":
        return ""
    if unit == MeasureUnit.POUNDS:
        return pounds(value)
    if unit == MeasureUnit.PERCENT:
        return f"{number(value)}%"
    label = MeasureUnit(unit).label if unit in MeasureUnit.values else ""
    return f"{number(value)} {label}".strip()
