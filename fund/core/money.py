"""How money is written everywhere (docs/architecture.md, "Money"): £2,500.00."""

from django.utils.formats import number_format


def pounds(value) -> str:
    """£4,750.00; nothing for no value."""
    if value is None or value == "":
        return ""
    return f"£{number_format(value, 2, force_grouping=True)}"


MONEY = {"max_digits": 12, "decimal_places": 2}
