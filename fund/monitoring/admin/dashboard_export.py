"""The outcomes dashboard's figures as CSV and XLSX. Every text cell goes
through fund/core/exports.py, so a measure named "=HYPERLINK(...)" is shown
as typed and never run as a formula; figures and amounts stay numbers."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from fund.core.exports import neutralise_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figure_rows(*, measures, budget) -> list[list]:
    """One table: each measure against its target, then each budget line against its plan."""
    rows = [
        [
            _("Outcome or budget line"),
            _("Name"),
            _("Unit"),
            _("Target or plan"),
            _("Achieved or spent"),
            _("Per cent"),
            _("Grants"),
            _("Grants reporting"),
        ]
    ]
    for total in measures:
        rows.append(
            [
                _("Outcome"),
                total.name,
                total.unit_label,
                total.target,
                total.achieved,
                total.share,
                total.grants,
                total.reporting,
            ]
        )
    for line in budget:
        rows.append(
            [_("Budget line"), line.label, "£", line.planned, line.spent, line.share, None, None]
        )
    return rows


def late_rows(late_reports) -> list[list]:
    rows = [[_("Reference"), _("Organisation"), _("Report"), _("Due"), _("Status")]]
    for report in late_reports:
        application = report.award.application
        rows.append(
            [
                application.reference,
                application.organisation_name,
                report.get_kind_display(),
                report.due_on,
                report.get_status_display(),
            ]
        )
    return rows


def safe(row):
    return [neutralise_formula(str(v) if hasattr(v, "__html__") else v) for v in row]


def csv_response(rows, *, filename) -> HttpResponse:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(["" if value is None else value for value in safe(row)])
    return attachment(out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", filename)


def xlsx_response(sheets: dict[str, list[list]], *, filename) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for number, row in enumerate(rows, start=1):
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in safe(row)]
            )
            for cell in sheet[number]:
                if number == 1:
                    cell.font = Font(bold=True)
                elif isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, never a formula
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return attachment(out.getvalue(), XLSX_TYPE, filename)


def attachment(content, content_type, filename) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
