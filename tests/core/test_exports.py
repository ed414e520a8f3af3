import datetime
from decimal import Decimal

import pytest

from fund.core.exports import FormulaSafeExportMixin, neutralise_formula


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ('=HYPERLINK("http://example.com","Click")', '\'=HYPERLINK("http://example.com","Click")'),
        ("+1+1", "'+1+1"),
        ("+44 113 496 0000", "'+44 113 496 0000"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("=", "'="),
    ],
)
def test_text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(value, exported):
    assert neutralise_formula(value) == exported


@pytest.mark.parametrize(
    "value",
    [
        "Leeds Youth Club",
        "",
        "1 + 1 = 2",
        "a=b",
        "email@example.org",
        "'=already quoted",
        "Well-being café",
        "123",
        " =SUM(A1)",
    ],
)
def test_ordinary_text_is_exported_unchanged(value):
    assert neutralise_formula(value) == value


@pytest.mark.parametrize(
    "value",
    [
        0,
        42,
        -5,
        3.5,
        -0.25,
        Decimal("1250.00"),
        Decimal("-12.50"),
        None,
        True,
        datetime.date(2025, 4, 1),
        datetime.datetime(2025, 4, 1, 9, 30),
    ],
)
def test_numbers_amounts_dates_and_empty_cells_are_left_as_values(value):
    result = neutralise_formula(value)

    assert result == value
    assert type(result) is type(value)


class _BaseExportView:
    def __init__(self, value):
        self.value = value

    def preprocess_field_value(self, field, value, export_format):
        return self.value


class _SafeExportView(FormulaSafeExportMixin, _BaseExportView):
    pass


class _HtmlValue:
    def __init__(self, text):
        self.text = text

    def __html__(self):
        return self.text

    def __str__(self):
        return self.text


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_view_neutralises_formula_text_cells(export_format):
    view = _SafeExportView("=cmd|' /C calc'!A0")

    assert view.preprocess_field_value("name", None, export_format) == "'=cmd|' /C calc'!A0"


def test_export_view_neutralises_formula_in_html_values():
    view = _SafeExportView(_HtmlValue("@SUM(1+1)"))

    assert view.preprocess_field_value("name", None, "csv") == "'@SUM(1+1)"


@pytest.mark.parametrize("value", [Decimal("-12.50"), -5, None, "Leeds Youth Club"])
def test_export_view_leaves_values_and_plain_text_alone(value):
    view = _SafeExportView(value)

    assert view.preprocess_field_value("amount", None, "xlsx") == value
