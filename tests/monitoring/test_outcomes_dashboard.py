"""Reports > Outcomes, through the admin as fund managers and finance see it."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fund.awards.models.plan import AwardTarget
from tests.factories import AwardFactory
from tests.support.outcomes import add_grants, agree, report
from tests.support.pages import assert_refused, sidebar_menu_labels

pytestmark = pytest.mark.django_db

URL = reverse("fund_outcomes")


@pytest.fixture
def grants(open_call, manager):
    return add_grants(open_call, 4, manager=manager)


def test_fund_managers_and_finance_see_the_dashboard(client, manager, finance, grants):
    for user in (manager, finance):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Achieved against target" in page
        assert "Spend against plan" in page


def test_panel_members_may_not_see_it(client, panel_member, grants):
    client.force_login(panel_member)

    assert_refused(client.get(URL))
    assert_refused(client.get(reverse("fund_outcomes_impact", args=[grants[0].fund_id])))
    assert "Outcomes" not in sidebar_menu_labels(client.get("/admin/"), "Reports")


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_the_reports_menu_offers_it(request, client, role):
    client.force_login(request.getfixturevalue(role))

    assert "Outcomes" in sidebar_menu_labels(client.get("/admin/"), "Reports")


def test_figures_are_shown_beside_the_charts(client, manager, grants):
    client.force_login(manager)

    page = client.get(URL).content.decode()

    # 4 grants: targets 4 x 10 people, each has reported 3 so far.
    assert "Victims and survivors supported (people)" in page
    assert "12 of 40 people (30%)" in page  # the chart's text
    assert 'data-figures="measures"' in page and 'data-figures="budget"' in page
    assert "£2,400.00" in page  # staff spent so far, 4 x £600
    assert "£8,000.00 awarded" in page


def test_the_district_view_says_how_shared_grants_count(client, manager, grants, fund_page):
    client.force_login(manager)

    page = client.get(URL, {"fund": fund_page.pk, "district": "leeds"}).content.decode()

    # Grants 0 (Leeds) and 2 (Leeds and Wakefield) serve Leeds.
    assert "2 grants from" in page
    assert "6 of 20 people" in page
    assert "counted in full in each district" in page


def test_a_call_filters_the_grants(client, manager, grants, fund_page, open_call):
    client.force_login(manager)

    page = client.get(URL, {"fund": fund_page.pk, "call": open_call.pk}).content.decode()

    assert "4 grants from" in page


def test_late_reports_are_listed(client, manager, grants):
    client.force_login(manager)

    page = client.get(URL).content.decode()

    # Grant 1's final report is late (tests/support/outcomes.py).
    assert "1 report is late" in page
    assert grants[1].application.reference in page


def test_exports_neutralise_formulas(client, manager, open_call, fund_page):
    award = AwardFactory(call=open_call, accepted=True)
    agree(award, targets=[('=HYPERLINK("http://evil.example","x")', "people", Decimal(5))])
    report(award, figures={'=HYPERLINK("http://evil.example","x")': 2})
    client.force_login(manager)

    text = client.get(URL, {"fund": fund_page.pk, "export": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    workbook = load_workbook(
        io.BytesIO(client.get(URL, {"fund": fund_page.pk, "export": "xlsx"}).content)
    )

    assert rows[1][:5] == [
        "Outcome",
        '\'=HYPERLINK("http://evil.example","x")',
        "people",
        "5.00",
        "2.00",
    ]
    cell = workbook.worksheets[0]["B2"]
    assert cell.value.startswith("'=") and cell.data_type == "s"
    assert workbook.worksheets[0]["D2"].value == 5


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_the_page_costs_the_same_queries_at_20_and_at_200_grants(
    client, manager, open_call, django_assert_num_queries
):
    client.force_login(manager)
    add_grants(open_call, 20, manager=manager)
    client.get(URL)  # the session and the site, read once
    small = _dashboard_queries(client)

    add_grants(open_call, 180, manager=manager, start=20)
    with django_assert_num_queries(small):
        assert client.get(URL).status_code == 200
    assert AwardTarget.objects.count() == 600
