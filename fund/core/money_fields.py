"""Money as people type it, in every form: one reading (validators.read_pounds)."""

from django import forms
from django.core.exceptions import ValidationError

from fund.core import validators


class PoundsField(forms.DecimalField):
    """An amount as people write it: "3,000", "£3,000", "3000.00",
    "£7,500.50"; not "1e3", "NaN" or "Infinity", which Decimal would take.
    A form may word a fault its own way through ``error_messages``, under
    DecimalField's codes ("invalid", "max_decimal_places", "max_digits")."""

    default_error_messages = {
        "invalid": validators.AMOUNT_INVALID,
        "max_decimal_places": validators.AMOUNT_PENCE,
        "max_digits": validators.AMOUNT_TOO_LARGE,
        "max_whole_digits": validators.AMOUNT_TOO_LARGE,
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        try:
            return validators.read_pounds(value)
        except ValidationError as error:
            raise ValidationError(
                self.error_messages.get(error.code, error.message), code=error.code
            ) from None
