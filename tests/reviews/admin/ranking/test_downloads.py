"""The ranking report downloaded as CSV and Excel, and what it costs in
queries."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reviews.admin.ranking.helpers import FUNDING_LINE, ranking_url, reviewed
from tests.support.pages import page_text, read_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile_bids(committed_fund, call, manager, panel, one_review_is_enough):
    reviewer = panel()
    reviewed(
        call,
        manager,
        [reviewer],
        5,
        reference="SCF-2026-0050",
        organisation_name='=HYPERLINK("http://evil")',
        project_title="-2+3",
        amount_requested=Decimal("3000.00"),
    )
    reviewed(
        call,
        manager,
        [reviewer],
        2,
        reference="SCF-2026-0051",
        organisation_name="@SUM(A1)",
        project_title="+cmd",
        amount_requested=Decimal("2500.50"),
    )


def test_ranking_csv_neutralises_formulas_and_marks_the_funding_line(
    client, manager, call, hostile_bids
):
    client.force_login(manager)

    response = client.get(ranking_url(call, export="csv"))

    assert response.status_code == 200
    assert "text/csv" in response["Content-Type"]
    assert "ranking-spring" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(read_body(response).decode("utf-8-sig"))))
    header, data = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert header == [
        "Rank",
        "Group",
        "Status",
        "Reference",
        "Organisation",
        "Project",
        "Mean score (%)",
        "Reviews",
        "Spread (points)",
        "Moderation",
        "Amount requested (£)",
        "Cumulative requested (£)",
        "Funding line",
        "Outcome",
    ]
    first, second = data
    assert first["Rank"] == "1"
    assert (first["Group"], first["Status"]) == ("Ranked", "Reviewed")
    assert first["Reference"] == "SCF-2026-0050"
    assert first["Organisation"] == '\'=HYPERLINK("http://evil")'
    assert first["Project"] == "'-2+3"
    assert first["Mean score (%)"] == "100.0"
    assert first["Amount requested (£)"] == "3000.00"
    assert first["Funding line"] == "Within the budget"
    assert second["Organisation"] == "'@SUM(A1)"
    assert second["Project"] == "'+cmd"
    assert second["Mean score (%)"] == "40.0"
    assert second["Cumulative requested (£)"] == "5500.50"
    assert second["Funding line"] == "Below the funding line"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_ranking_xlsx_neutralises_formulas_and_keeps_numbers(client, manager, call, hostile_bids):
    client.force_login(manager)

    response = client.get(ranking_url(call, export="xlsx"))

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(read_body(response))).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    first = dict(zip(header, rows[1], strict=True))
    assert first["Organisation"].value == '\'=HYPERLINK("http://evil")'
    assert first["Organisation"].data_type == "s"
    assert first["Project"].value == "'-2+3"
    assert first["Mean score (%)"].data_type == "n"
    assert first["Mean score (%)"].value == pytest.approx(100.0)
    assert first["Amount requested (£)"].data_type == "n"
    assert first["Amount requested (£)"].value == pytest.approx(3000.0)
    assert first["Rank"].value == 1
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_ranking_costs_the_same_queries_for_a_hundred_applications_as_for_ten(
    client, manager, committed_fund, call, panel, django_assert_max_num_queries
):
    reviewers = [panel(), panel()]
    for number in range(10):
        reviewed(call, manager, reviewers, number % 6, (number + 2) % 6)
    client.force_login(manager)
    url = ranking_url(call)
    client.get(url)  # warm caches (site, content types) so both counts compare like for like

    with CaptureQueriesContext(connection) as ten:
        response = client.get(url)
    assert len(response.context["object_list"]) == 10

    for number in range(90):
        reviewed(call, manager, reviewers, number % 6, (number + 3) % 6)
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 50
    second = client.get(url + "&p=2")
    assert len(second.context["object_list"]) == 50
    # The line is drawn once, on whichever page it falls.
    assert (page_text(response) + page_text(second)).count(FUNDING_LINE) == 1
