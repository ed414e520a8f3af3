"""Spreadsheet exports that a spreadsheet program cannot be tricked into running.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return can be read as a formula (OWASP "CSV injection"); such a cell gets a
leading apostrophe, which shows the text as typed and runs nothing. Numbers,
dates and amounts are left as values.
"""

from django.utils.encoding import force_str

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a Wagtail view with `SpreadsheetExportMixin`: neutralise every text cell."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if not isinstance(value, str) and hasattr(value, "__html__"):
            value = force_str(value)
        return neutralise_formula(value)
