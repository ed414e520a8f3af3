"""The published grants as 360Giving CSV and XLSX, and what the data cost in
queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fund.opendata import giving360
from tests.factories.calls import make_call
from tests.opendata.giving360.helpers import (
    CSV_URL,
    JSON_URL,
    PREFIX,
    XLSX_URL,
    _schema,
    get_csv,
    get_json,
    get_xlsx,
    only_grant,
)
from tests.support.published import award_grant

pytestmark = pytest.mark.django_db


#: The titles the issue names, each checked against the schema below.
STANDARD_TITLES = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Applied For",
    "Amount Awarded",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
    "From An Open Call?",
    "Data Source",
    "Last Modified",
]


def title_path(schema, title):
    """The JSON path a flattened title names, resolved through the schema's own
    field titles (numbered parts are list positions); None if a part is unknown."""
    defs = schema["$defs"]

    def resolve(spec):
        ref = spec.get("$ref")
        return defs[ref.rsplit("/", 1)[-1]] if ref else spec

    properties, path = schema["properties"], []
    for part in title.split(":"):
        if part.isdigit():
            continue
        matches = [
            (key, spec)
            for key, spec in (properties or {}).items()
            if (spec.get("title") or resolve(spec).get("title")) == part
        ]
        if len(matches) != 1:
            return None
        key, spec = matches[0]
        path.append(key)
        properties = resolve(spec.get("items", spec)).get("properties")
    return path


def test_every_column_title_is_the_standards_own(validator):
    grant_schema = _schema("360-giving-schema.json")
    records = [{"beneficiaryLocation": [{}, {}]}]  # two districts: one numbered set too

    titles = [title for title, _ in giving360.columns_for(records)]

    for title, path in giving360.columns_for(records):
        assert title_path(grant_schema, title) == [p for p in path if not isinstance(p, int)], title
    assert [t for t in titles if ":1:" not in t] == STANDARD_TITLES


def test_the_csv_has_the_standards_columns_and_one_row_a_grant(
    client, open_call, manager, publisher
):
    award = award_grant(
        open_call,
        manager,
        amount="2750.50",
        organisation_name="Leeds Lantern Trust",
        organisation_type="company",
        registration_number="09876543",
        districts=["leeds"],
    )

    response = client.get(CSV_URL)
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="grants-awarded-360giving.csv"'
    )
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    assert table[0] == STANDARD_TITLES
    row = dict(zip(table[0], table[1], strict=True))
    assert len(table) == 2
    assert row["Identifier"] == f"{PREFIX}-{award.application.reference}"
    assert row["Amount Awarded"] == "2750.50"
    assert row["Currency"] == "GBP"
    assert row["Recipient Org:Identifier"] == "GB-COH-09876543"
    assert row["Recipient Org:Company Number"] == "09876543"
    assert row["Recipient Org:Charity Number"] == ""
    assert row["Beneficiary Location:Geographic Code"] == "E08000035"
    assert row["From An Open Call?"] == "Yes"


def test_further_districts_get_numbered_location_columns(client, open_call, manager, publisher):
    award_grant(open_call, manager, districts=["bradford", "leeds"])

    header, row = get_csv(client)
    row = dict(zip(header, row, strict=True))

    assert (row["Beneficiary Location:Name"], row["Beneficiary Location:1:Name"]) == (
        "Bradford",
        "Leeds",
    )
    assert row["Beneficiary Location:1:Geographic Code"] == "E08000035"


def test_the_xlsx_opens_with_the_same_columns_and_numbers_as_numbers(
    client, open_call, manager, publisher
):
    award_grant(open_call, manager, amount="2750.50")
    response = client.get(XLSX_URL)

    assert response["Content-Disposition"] == (
        'attachment; filename="grants-awarded-360giving.xlsx"'
    )
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content))["grants"]
    header, row = list(sheet.values)
    assert list(header) == STANDARD_TITLES
    row = dict(zip(header, row, strict=True))
    assert row["Amount Awarded"] == 2750.5
    assert row["Amount Applied For"] == 4000
    assert row["Award Date"] == only_grant(client)["awardDate"]


def test_text_that_a_spreadsheet_would_run_is_neutralised(client, open_call, manager, publisher):
    award_grant(
        open_call,
        manager,
        organisation_name='=HYPERLINK("http://evil.example","Click")',
        project_title="+SUM(1,2)",
        project_summary="@cmd|' /C calc'!A0",
    )

    row = dict(zip(*get_csv(client), strict=True))
    assert row["Recipient Org:Name"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["Title"] == "'+SUM(1,2)"
    assert row["Description"].startswith("'@cmd")

    sheet = get_xlsx(client)
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert cells["Recipient Org:Name"].value == '\'=HYPERLINK("http://evil.example","Click")'
    assert cells["Recipient Org:Name"].data_type == "s"
    assert cells["Title"].value == "'+SUM(1,2)"
    assert not any(
        isinstance(cell.value, str) and cell.value.startswith("=") for cell in cells.values()
    )

    # JSON is not a spreadsheet: it carries the name exactly as given.
    name = only_grant(client)["recipientOrganization"][0]["name"]
    assert name == '=HYPERLINK("http://evil.example","Click")'


def test_control_characters_do_not_break_the_xlsx(client, open_call, manager, publisher):
    award_grant(open_call, manager, project_summary="Pasted\x0bfrom a word processor.")
    sheet = get_xlsx(client)
    assert any(str(c.value).startswith("Pastedfrom a word processor.") for c in sheet[2])


@pytest.mark.parametrize("url", [JSON_URL, CSV_URL, XLSX_URL])
def test_each_file_costs_the_same_queries_however_many_grants(
    client, fund_page, open_call, manager, publisher, django_assert_max_num_queries, url
):
    award_grant(open_call, manager)
    client.get(url)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    second = make_call(fund_page, slug="second", title="Supporting survivors")
    for number in range(4):
        award_grant(open_call, manager, amount="1000", organisation_name=f"Org {number}")
        award_grant(second, manager, amount="1000", organisation_name=f"Other {number}")

    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200
    assert len(get_json(client)["grants"]) == 9
