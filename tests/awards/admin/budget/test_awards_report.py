"""The awards report: every award with its money, on the page and as CSV and
Excel."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fund.awards.admin.listing import AwardIndexView as AwardsReportView
from fund.awards.services.payments import return_record
from tests.awards.admin.budget.helpers import (
    DASHBOARD,
    HOSTILE,
    PAYING,
    REPORT,
    second_fund,
    soup,
    words,
)
from tests.factories import AwardFactory
from tests.factories.calls import make_call
from tests.support.pages import sidebar_menu

pytestmark = pytest.mark.django_db


def report_rows(response):
    """The report's rows as {reference: {column label: cell text}}, and its totals row."""
    table = soup(response).find("table", class_="listing")
    for menu in table.select("td ul.actions"):  # each row's menu of actions
        menu.decompose()
    labels = [words(th) for th in table.thead.find_all("th")]
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = dict(zip(labels, [words(td) for td in tr.find_all(["td", "th"])], strict=True))
        rows[cells["Reference"]] = cells
    totals = [words(cell) for cell in table.tfoot.find_all(["th", "td"])]
    return rows, totals


def download(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def as_date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def day(date):
    return f"{date.day} {date:%b %Y}"


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_awards_report_lists_every_award_with_its_money_and_totals(
    client, request, role, money, open_call
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(REPORT))

    assert response.status_code == 200
    rows, totals = report_rows(response)
    paid = rows[money["paid"].reference]
    assert paid == {
        "Reference": money["paid"].reference,
        "Organisation": "Aire Valley Freedom Project",
        "Call": "Tackling modern slavery",
        "Fund": "Safer Communities Fund",
        "Amount awarded": "£5,000.00",
        "Paid to date": "£3,000.00",
        "Returned": "£500.00",
        "Outstanding": "£2,000.00",
        "Status": "Accepted",
        "Decided": day(timezone.localdate()),
        "Accept by": day(money["paid"].accept_by),
    }
    offered = rows[money["offered"].reference]
    assert (offered["Organisation"], offered["Status"]) == (HOSTILE, "Offered")
    assert (offered["Paid to date"], offered["Outstanding"]) == ("£0.00", "£2,000.00")
    withdrawn = rows[money["withdrawn"].reference]
    # A withdrawn award holds nothing: its unpaid money went back to the fund.
    assert (withdrawn["Status"], withdrawn["Outstanding"]) == ("Withdrawn", "£0.00")
    assert totals == ["Total of 3 awards", "£8,000.00", "£3,000.00", "£500.00", "£4,000.00", ""]
    # The reference opens the award's page.
    link = soup(response).find("a", string=re.compile(money["paid"].reference))
    assert link["href"] == reverse("awards:inspect", args=[money["paid"].pk])


def test_awards_report_filters_by_status_fund_and_call(
    client, finance, money, open_call, fund_page, home_page, manager
):
    other_fund = second_fund(home_page)
    other_call = make_call(other_fund, slug="recovery-call", title="Recovery round")
    elsewhere = AwardFactory(
        call=other_call,
        by=manager,
        amount="700",
        application__organisation_name="Kirklees Safe Space",
    )
    client.force_login(finance)

    by_status = client.get(reverse(REPORT), {"status": ["offered", "withdrawn"]})
    rows, totals = report_rows(by_status)
    assert set(rows) == {
        money["offered"].reference,
        money["withdrawn"].reference,
        elsewhere.reference,
    }
    assert totals[:2] == ["Total of 3 awards", "£3,700.00"]

    by_fund = client.get(reverse(REPORT), {"fund": other_fund.pk})
    assert set(report_rows(by_fund)[0]) == {elsewhere.reference}

    by_call = client.get(reverse(REPORT), {"call": open_call.pk})
    rows, totals = report_rows(by_call)
    assert set(rows) == {m.reference for m in money.values()}
    assert totals[1] == "£8,000.00"

    results = client.get(reverse("awards:index_results"), {"call": other_call.pk})
    assert results.status_code == 200
    assert set(report_rows(results)[0]) == {elsewhere.reference}


def test_awards_report_totals_cover_every_page(client, finance, money, monkeypatch):
    monkeypatch.setattr(AwardsReportView, "paginate_by", 2)
    client.force_login(finance)

    response = client.get(reverse(REPORT), {"ordering": "-paid"})

    rows, totals = report_rows(response)
    assert len(rows) == 2
    assert list(rows)[0] == money["paid"].reference  # the most paid first
    assert totals == [
        "Total of 3 awards, on every page",
        "£8,000.00",
        "£3,000.00",
        "£500.00",
        "£4,000.00",
        "",
    ]


def test_awards_report_with_no_awards_says_so(client, finance, fund_page):
    client.force_login(finance)

    response = client.get(reverse(REPORT))

    assert response.status_code == 200
    assert "There are no awards to display." in words(soup(response))


def test_awards_csv_is_formula_safe_and_keeps_amounts_as_numbers(client, finance, money):
    client.force_login(finance)

    response = client.get(reverse(REPORT), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="awards-')
    rows = list(csv.DictReader(io.StringIO(download(response).decode())))
    by_reference = {row["Reference"]: row for row in rows}
    assert set(by_reference) == {m.reference for m in money.values()}
    hostile = by_reference[money["offered"].reference]
    assert hostile["Organisation"] == "'" + HOSTILE
    paid = by_reference[money["paid"].reference]
    assert {key: paid[key] for key in list(paid)[4:]} == {
        "Amount awarded (£)": "5000.00",
        "Paid to date (£)": "3000.00",
        "Returned (£)": "500.00",
        "Outstanding (£)": "2000.00",
        "Status": "Accepted",
        "Decided": timezone.localdate().isoformat(),
        "Accept by": money["paid"].accept_by.isoformat(),
    }
    assert by_reference[money["withdrawn"].reference]["Outstanding (£)"] == "0.00"


def test_awards_xlsx_is_formula_safe_and_keeps_amounts_as_numbers(client, manager, money):
    client.force_login(manager)

    response = client.get(reverse(REPORT), {"export": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(download(response))).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == (
        "Reference",
        "Organisation",
        "Call",
        "Fund",
        "Amount awarded (£)",
        "Paid to date (£)",
        "Returned (£)",
        "Outstanding (£)",
        "Status",
        "Decided",
        "Accept by",
    )
    by_reference = {row[0]: row for row in rows}
    hostile = by_reference[money["offered"].reference]
    assert hostile[1] == "'" + HOSTILE
    paid = by_reference[money["paid"].reference]
    assert paid[4:8] == (5000, 3000, 500, 2000)
    assert all(isinstance(value, int | float) for value in paid[4:8])
    assert paid[8] == "Accepted"
    assert as_date(paid[9]) == timezone.localdate()
    assert as_date(paid[10]) == money["paid"].accept_by
    # No cell of the hostile row is a formula.
    for cells in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in cells)


def test_panel_member_cannot_open_or_download_the_awards_report(client, panel_member, money):
    client.force_login(panel_member)

    for url, params in [
        (reverse(REPORT), {}),
        (reverse(REPORT), {"export": "csv"}),
        (reverse(REPORT), {"export": "xlsx"}),
        (reverse("awards:index_results"), {}),
    ]:
        response = client.get(url, params)
        # Wagtail's answer to an admin page you may not see: back to the
        # dashboard, with "Sorry, you do not have permission to access this area."
        assert (response.status_code, response["Location"]) == (302, reverse(DASHBOARD)), url
        assert download(response) == b""
        refusal = "Sorry, you do not have permission to access this area."
        assert refusal in [str(m).strip() for m in get_messages(response.wsgi_request)]


def test_reports_menu_offers_the_awards_report_to_finance_and_managers_only(
    client, manager, finance, panel_member
):
    entry = ("Awards", reverse(REPORT))
    for user, shown in [(manager, True), (finance, True), (panel_member, False)]:
        client.force_login(user)
        assert (entry in sidebar_menu(client.get(reverse(DASHBOARD)), "Reports")) is shown, user


def test_anonymous_visitor_is_sent_to_the_login_page(client, money):
    response = client.get(reverse(REPORT))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def _more_awards(call, manager, finance, count):
    for _ in range(count):
        made = AwardFactory(
            call=call,
            by=manager,
            amount="100",
            application__amount_requested=Decimal("100"),
            paid=True,
            paid_amount="40",
            finance=finance,
            **PAYING,
        )
        return_record(
            award=made,
            received_on=timezone.localdate() - dt.timedelta(days=1),
            amount="10",
            reason="underspend",
            by=finance,
        )


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_awards_report_costs_the_same_queries_however_many_awards(
    client, finance, manager, open_call, export, django_assert_max_num_queries
):
    params = {"export": export} if export else {}
    _more_awards(open_call, manager, finance, 2)
    client.force_login(finance)
    download(client.get(reverse(REPORT), params))  # warm the caches a first visit fills
    with CaptureQueriesContext(connection) as few:
        download(client.get(reverse(REPORT), params))

    _more_awards(open_call, manager, finance, 12)

    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse(REPORT), params)
        body = download(response)
    assert response.status_code == 200
    if export is None:
        assert len(report_rows(response)[0]) == 14
    elif export == "csv":
        assert len(body.decode().splitlines()) == 15
