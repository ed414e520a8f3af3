"""In every download hostile markup stays text and formulas are neutralised."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from fund.applications.models import Application
from fund.awards.admin.listing import AwardIndexView as AwardsReportView
from fund.grants.applications import ApplicationIndexView
from fund.opendata import giving360
from fund.reviews.admin.ranking import RankingReportView
from tests.security.escaping.helpers import as_user
from tests.security.escaping.scenario import (
    FORMULA_EMAIL,
    FORMULA_PAYLOADS,
    FORMULA_TRIGGERS,
    HOSTILE_EMAIL,
    HTML_PAYLOADS,
    TEXT_FIELDS,
    assert_csv_formula_safe,
    assert_xlsx_formula_safe,
    body_of,
    build_scenario,
    csv_rows,
    injected_markup,
    marked,
    publish,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db


def test_the_applications_export_keeps_the_answers_as_typed(client, manager, scenario):
    as_user(client, manager)
    url = reverse("applications:index")

    rows = csv_rows(client.get(url, {"export": "csv"}))
    cells = {cell for row in rows for cell in row}
    workbook = xlsx_rows(client.get(url, {"export": "xlsx"}))
    xlsx_cells = {cell.value for row in workbook for cell in row}

    for tag in ["org", "contact", "title", "summary"]:
        assert scenario.value(tag) in cells, tag
        assert scenario.value(tag) in xlsx_cells, tag
    assert HOSTILE_EMAIL in cells


def test_the_360giving_files_carry_the_text_as_data(client, home_page, scenario):
    publish(home_page)

    json_response = client.get(reverse("fund_360giving_json"))
    assert json_response["Content-Type"].startswith("application/json")
    assert json_response["X-Content-Type-Options"] == "nosniff"
    [grant] = json.loads(body_of(json_response))["grants"]
    assert grant["title"] == scenario.value("title")
    assert grant["recipientOrganization"][0]["name"] == scenario.value("org")
    assert grant["description"].startswith(scenario.value("summary"))

    for name, read in [("fund_360giving_csv", csv_rows), ("fund_360giving_xlsx", xlsx_rows)]:
        response = client.get(reverse(name))
        assert response["Content-Disposition"].startswith("attachment")
        rows = read(response) if name.endswith("xlsx") else csv_rows(response, "utf-8")
        values = {getattr(cell, "value", cell) for row in rows for cell in row}
        assert scenario.value("org") in values, name
        assert scenario.value("title") in values, name


def test_the_subject_access_export_holds_the_text_exactly(client, administrator, scenario):
    as_user(client, administrator)

    response = client.post(reverse("fund_subject_access"), {"email": HOSTILE_EMAIL})

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    names = archive.namelist()
    # Every member stays in the archive's folders, whatever the file was called.
    assert all(not name.startswith(("/", "..")) and "/../" not in name for name in names)
    assert not [n for n in names if n.endswith((".csv", ".xlsx", ".html", ".htm"))]
    applications = json.loads(archive.read("applications.json"))
    by_reference = {a["reference"]: a for a in applications}
    awarded = by_reference[scenario.awarded.reference]
    assert awarded["organisation_name"] == scenario.value("org")
    assert awarded["project_summary"] == scenario.value("summary")
    assert awarded["award"]["accepted_name"] == scenario.value("accepted_name")
    assert by_reference[scenario.withdrawn.reference]["withdrawn_reason"] == scenario.value(
        "reason"
    )
    assert {d["file_name"] for d in awarded["documents"]} == {
        scenario.value("document"),
        scenario.value("question_document"),
    }


@pytest.fixture(params=list(FORMULA_PAYLOADS), ids=list(FORMULA_PAYLOADS))
def formulas(request, call, manager, panel_member, django_capture_on_commit_callbacks):
    payload = FORMULA_PAYLOADS[request.param]
    built = build_scenario(
        call=call,
        payload=payload,
        manager=manager,
        panel_member=panel_member,
        capture=django_capture_on_commit_callbacks,
        email=FORMULA_EMAIL,
    )
    # The form trims the leading tab or carriage return, but text typed
    # before it did, or pasted in elsewhere, still has one: the exports get
    # the text exactly as the payload has it.
    exact = {name: marked(payload, tag) for name, tag in TEXT_FIELDS.items()}
    Application.objects.filter(pk=built.awarded.pk).update(**exact)
    built.values.update({tag: exact[name] for name, tag in TEXT_FIELDS.items()})
    return built


def neutralised(value, export_format="csv"):
    value = "'" + value if value.startswith(FORMULA_TRIGGERS) else value
    if export_format == "xlsx":
        # XML reads a carriage return back as a line feed.
        value = value.replace("\r", "\n")
    return value


#: (who downloads, the URL, the answers it holds, the amount columns)
EXPORTS = {
    "applications": (
        "manager",
        lambda s: reverse("applications:index"),
        ["org", "contact", "title", "summary"],
        ["Amount requested (£)"],
    ),
    "awards report": (
        "finance",
        lambda s: reverse("awards:index"),
        ["org"],
        ["Amount awarded (£)", "Paid to date (£)", "Returned (£)", "Outstanding (£)"],
    ),
    "ranking": (
        "manager",
        lambda s: reverse("fund_ranking") + f"?call={s.call.pk}",
        ["org", "title"],
        ["Amount requested (£)", "Cumulative requested (£)"],
    ),
    # Wagtail's own report: each entry is named "<reference>: <organisation>".
    "site history": ("manager", lambda s: "/admin/reports/site-history/", [], []),
}


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
@pytest.mark.parametrize("export", list(EXPORTS))
def test_admin_exports_neutralise_formulas_and_keep_amounts_as_numbers(
    client, users, formulas, export, export_format
):
    role, url, shown, amounts = EXPORTS[export]
    as_user(client, users[role])
    base = url(formulas)
    joiner = "&" if "?" in base else "?"

    response = client.get(f"{base}{joiner}export={export_format}")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    if export_format == "csv":
        rows = csv_rows(response)
        assert_csv_formula_safe(rows)
        header, values = rows[0], {cell for row in rows[1:] for cell in row}
        for row in rows[1:]:
            cells = dict(zip(header, row, strict=True))
            for column in amounts:
                assert cells[column] == "" or Decimal(cells[column]) >= 0, column
    else:
        rows = xlsx_rows(response)
        assert_xlsx_formula_safe(rows)
        header, values = [c.value for c in rows[0]], {c.value for r in rows[1:] for c in r}
        for row in rows[1:]:
            cells = dict(zip(header, row, strict=True))
            for column in amounts:
                assert cells[column].data_type == "n", column
    for tag in shown:
        assert neutralised(formulas.value(tag), export_format) in values, tag


@pytest.mark.parametrize("name", ["fund_360giving_csv", "fund_360giving_xlsx"])
def test_360giving_spreadsheets_neutralise_formulas_and_keep_amounts_as_numbers(
    client, home_page, formulas, name
):
    publish(home_page)

    response = client.get(reverse(name))

    assert response.status_code == 200
    if name.endswith("csv"):
        rows = csv_rows(response, "utf-8")
        assert_csv_formula_safe(rows)
        cells = dict(zip(rows[0], rows[1], strict=True))
        assert Decimal(cells["Amount Awarded"]) == Decimal("2000")
        values = set(rows[1])
    else:
        rows = xlsx_rows(response)
        assert_xlsx_formula_safe(rows)
        cells = dict(zip([c.value for c in rows[0]], rows[1], strict=True))
        assert cells["Amount Awarded"].data_type == "n"
        values = {c.value for c in rows[1]}
    export_format = name.rsplit("_", 1)[-1]
    assert neutralised(formulas.value("org"), export_format) in values
    assert neutralised(formulas.value("title"), export_format) in values


def test_360giving_json_keeps_the_text_exactly(client, home_page, formulas):
    """JSON is data, not a spreadsheet: the text is published as typed."""
    publish(home_page)

    [grant] = json.loads(body_of(client.get(reverse("fund_360giving_json"))))["grants"]

    assert grant["recipientOrganization"][0]["name"] == formulas.value("org")
    assert grant["amountAwarded"] == 2000


def test_the_subject_access_export_holds_no_spreadsheet_and_the_text_exactly(
    client, administrator, formulas
):
    as_user(client, administrator)

    response = client.post(reverse("fund_subject_access"), {"email": FORMULA_EMAIL})

    archive = zipfile.ZipFile(io.BytesIO(body_of(response)))
    names = archive.namelist()
    assert {"README.txt", "applications.json", "emails.json"} <= set(names)
    assert not [n for n in names if n.endswith((".csv", ".xlsx", ".xls", ".ods"))]
    applications = json.loads(archive.read("applications.json"))
    [awarded] = [a for a in applications if a["reference"] == formulas.awarded.reference]
    assert awarded["organisation_name"] == formulas.value("org")


@pytest.mark.parametrize(
    "view_class", [ApplicationIndexView, AwardsReportView, RankingReportView], ids=str
)
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_negative_amount_stays_a_number_in_every_admin_export(view_class, export_format):
    """No export holds a negative amount today (awards, payments and returns
    are positive); were one to, it must stay a number, not become text."""
    view = view_class()

    value = view.preprocess_field_value("amount", Decimal("-12.50"), export_format)

    assert value == Decimal("-12.50")
    assert isinstance(value, Decimal)


def test_a_negative_amount_stays_a_number_in_the_360giving_spreadsheets():
    record = {"id": "360G-x-1", "title": "-1+1", "amountAwarded": Decimal("-12.50")}

    header, row = list(giving360.rows([record]))

    cells = dict(zip(header, row, strict=True))
    assert cells["Amount Awarded"] == Decimal("-12.50")
    assert cells["Title"] == "'-1+1"


def test_the_markup_finder_notices_injected_markup():
    """The check the page tests rely on does find what it looks for."""
    for payload in HTML_PAYLOADS.values():
        if "<" in payload:
            assert injected_markup(f"<p>{payload}</p>"), payload
    assert injected_markup('<a href=" JavaScript:alert(1)">x</a>')
    assert injected_markup('<input value=""><img src=x onerror=alert(1)>">')
    assert not injected_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert injected_markup('<img src="http://evil.example/x">')
    assert not injected_markup(
        '<a href="/admin/?q=%3Cimg+src%3D%22http%3A%2F%2Fevil.example">x</a>'
    )
