"""Money as people type it, in every form: one parser (validators.parse_pounds)."""

from django import forms
from django.core.exceptions import ValidationError

from fund import validators


class PoundsField(forms.DecimalField):
    """An amount as people write it: "2500", "2500.50", "£2,500.50"; not
    "1e3", "NaN" or "Infinity", which Decimal would take."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        if value in self.empty_values:
            return None
        amount = validators.parse_pounds(value)
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount
