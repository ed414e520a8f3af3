"""Budget at a glance (the dashboard panel) and the awards report, through
the admin as each role would use them."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fund.awards.admin.budget import AwardsReportView, BudgetPanel
from fund.awards.services.awards import (
    award_withdraw,
    return_record,
)
from fund.calls.models import FundPage
from tests.factories import ApplicationFactory, AwardFactory
from tests.factories.calls import make_call
from tests.support.pages import sidebar_menu

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x")'
DASHBOARD = "wagtailadmin_home"
REPORT = "fund_awards_report"


# --- making the money ----------------------------------------------------------

#: Who accepts each award, and the BACS reference of each payment.
PAYING = {"accepted_by": "Sam Example", "bacs_reference": "SCF PAY 1"}


@pytest.fixture
def money(open_call, manager, finance):
    """Three awards from the £50,000 fund:

    - £5,000 to Aire Valley Freedom Project: accepted, £3,000 paid, £500 returned;
    - £2,000 to a hostile name: offered;
    - £1,000 to Calder Women's Refuge: withdrawn, so released.

    Committed £6,500 (8,000 - 1,000 released - 500 returned); paid £3,000 and
    £500 back, so £2,500 net; £4,000 committed but unpaid; £43,500 remaining.
    """
    paid = AwardFactory(
        call=open_call,
        by=manager,
        amount="5000",
        application__organisation_name="Aire Valley Freedom Project",
        paid=True,
        paid_amount="3000",
        finance=finance,
        **PAYING,
    )
    return_record(
        award=paid,
        received_on=timezone.localdate(),
        amount="500",
        reason="underspend",
        by=finance,
    )
    offered = AwardFactory(
        call=open_call, by=manager, amount="2000", application__organisation_name=HOSTILE
    )
    withdrawn = AwardFactory(
        call=open_call,
        by=manager,
        amount="1000",
        application__organisation_name="Calder Women's Refuge",
    )
    award_withdraw(award=withdrawn, reason="The project did not go ahead.", by=manager)
    return {"paid": paid, "offered": offered, "withdrawn": withdrawn}


# --- reading pages ---------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def words(element):
    """An element's text as a person reads it: one space between words."""
    return re.sub(r"\s+", " ", element.get_text(" ")).strip() if element else ""


def budget_panel(response):
    return soup(response).find(id="budget-at-a-glance-section")


def figures(panel, fund):
    """The fund's budget table: {row heading: amount text}."""
    section = panel.find("section", attrs={"aria-labelledby": f"fund-budget-{fund.pk}"})
    table = section.find("table", class_="fund-budget__figures")
    return {words(row.th): words(row.td) for row in table.tbody.find_all("tr")}


def report_rows(response):
    """The report's rows as {reference: {column label: cell text}}, and its totals row."""
    table = soup(response).find("table", class_="listing")
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


def second_fund(home_page):
    return home_page.add_child(
        instance=FundPage(
            title="Victims' Recovery Fund",
            slug="recovery",
            total_budget=Decimal("20000.00"),
            funding_source="Proceeds of Crime Act 2002",
            financial_year="2027-28",
            reference_prefix="VRF",
        )
    )


# --- Budget at a glance ----------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_budget_panel_shows_each_figure_after_awards_a_payment_and_a_return(
    client, request, role, money, fund_page
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse(DASHBOARD))

    assert response.status_code == 200
    panel = budget_panel(response)
    assert "Budget at a glance" in words(panel)
    assert figures(panel, fund_page) == {
        "Total budget": "£50,000.00",
        "Committed to awards": "£6,500.00",
        "Paid, net of money returned": "£2,500.00 £3,000.00 paid out, £500.00 returned",
        "Committed, not yet paid": "£4,000.00",
        "Remaining": "£43,500.00",
    }
    assert "Safer Communities Fund (2026-27)" in words(panel)
    assert panel.find("a", href=reverse(REPORT))


def test_budget_panel_before_any_award_shows_the_whole_budget_remaining(client, manager, fund_page):
    client.force_login(manager)

    panel = budget_panel(client.get(reverse(DASHBOARD)))

    assert figures(panel, fund_page) == {
        "Total budget": "£50,000.00",
        "Committed to awards": "£0.00",
        "Paid, net of money returned": "£0.00",
        "Committed, not yet paid": "£0.00",
        "Remaining": "£50,000.00",
    }


def test_budget_bar_is_hidden_from_screen_readers_and_drawn_to_scale(
    client, finance, money, fund_page
):
    client.force_login(finance)

    panel = budget_panel(client.get(reverse(DASHBOARD)))

    bar = panel.find("svg", class_="fund-budget__bar")
    assert bar["aria-hidden"] == "true"
    assert bar["focusable"] == "false"
    # Paid £2,500 is 5%, committed but unpaid £4,000 is 8%, the rest is left.
    parts = {
        rect["class"][0]: (rect["x"], rect["width"])
        for rect in bar.find_all("rect", recursive=False)
    }
    assert parts == {
        "fund-budget__paid": ("0.0%", "5.0%"),
        "fund-budget__committed": ("5.0%", "8.0%"),
        "fund-budget__remaining": ("13.0%", "87.0%"),
    }
    # Not colour alone: the unpaid commitment is striped, and each part's
    # swatch is named in words beside its amount.
    committed = bar.find("rect", class_="fund-budget__committed")
    assert committed["fill"] == f"url(#fund-budget-{fund_page.pk}-stripes)"
    assert bar.find("pattern", id=f"fund-budget-{fund_page.pk}-stripes")
    for row in panel.find("table", class_="fund-budget__figures").tbody.find_all("tr")[2:]:
        swatch = row.th.find("svg")
        assert swatch["aria-hidden"] == "true"
        assert words(row.th)  # the swatch's name, as text


def test_budget_panel_counts_the_applications_in_each_status(
    client, manager, money, open_call, fund_page
):
    ApplicationFactory(page=open_call, status="submitted")
    ApplicationFactory(page=open_call, status="eligible")
    ApplicationFactory(page=open_call, status="eligible")
    ApplicationFactory(page=open_call, status="draft")  # the applicant's, until they submit
    client.force_login(manager)

    panel = budget_panel(client.get(reverse(DASHBOARD)))

    section = panel.find("section", attrs={"aria-labelledby": f"fund-budget-{fund_page.pk}"})
    counts = dict(
        words(item).rsplit(": ", 1) for item in section.find_all("li", class_="fund-budget__status")
    )
    assert counts == {
        "Submitted": "1",
        "Eligible": "2",
        "Ineligible": "0",
        "In review": "0",
        "Reviewed": "0",
        "Awarded": "3",
        "Declined": "0",
        "Withdrawn": "0",
    }
    assert "6 applications" in words(section)


def test_budget_panel_shows_every_fund_on_its_own(client, finance, money, home_page, fund_page):
    other = second_fund(home_page)
    call = make_call(other, slug="recovery-call")
    ApplicationFactory(page=call, status="submitted")
    client.force_login(finance)

    panel = budget_panel(client.get(reverse(DASHBOARD)))

    assert figures(panel, other)["Total budget"] == "£20,000.00"
    assert figures(panel, other)["Remaining"] == "£20,000.00"
    assert figures(panel, fund_page)["Remaining"] == "£43,500.00"
    section = panel.find("section", attrs={"aria-labelledby": f"fund-budget-{other.pk}"})
    assert "1 application" in words(section)


def test_panel_member_sees_no_budget_panel_and_no_amounts(client, panel_member, money):
    client.force_login(panel_member)

    response = client.get(reverse(DASHBOARD))

    assert response.status_code == 200
    assert budget_panel(response) is None
    page = response.content.decode()
    assert "Budget at a glance" not in page
    assert "£" not in page
    assert "43,500" not in page


def test_budget_panel_costs_the_same_queries_however_many_funds_and_applications(
    client, manager, fund_page, open_call, home_page, django_assert_max_num_queries
):
    client.force_login(manager)
    client.get(reverse(DASHBOARD))  # warm the caches a first visit fills
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(DASHBOARD)).status_code == 200

    AwardFactory(call=open_call, by=manager, amount="1000")
    for status in ["submitted", "eligible", "in_review", "declined"]:
        ApplicationFactory.create_batch(3, page=open_call, status=status)
    for slug in ["north", "south"]:
        fund = home_page.add_child(
            instance=FundPage(
                title=f"{slug.title()} Fund",
                slug=slug,
                total_budget=Decimal("10000"),
                funding_source="Proceeds of Crime Act 2002",
                financial_year="2026-27",
                reference_prefix="SCF",
            )
        )
        call = make_call(fund, slug=f"{slug}-call")
        ApplicationFactory.create_batch(4, page=call, status="submitted")

    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse(DASHBOARD))
    assert len(budget_panel(response).find_all("section")) == 3


def test_budget_panel_itself_costs_three_queries(
    rf, manager, money, home_page, django_assert_num_queries
):
    second_fund(home_page)
    request = rf.get(reverse(DASHBOARD))
    request.user = manager
    manager.has_perm("fund.view_award")  # the user's permissions, loaded once a request

    with django_assert_num_queries(3):
        html = BudgetPanel().render_html({"request": request})

    assert "£43,500.00" in html
    assert "£20,000.00" in html


# --- the awards report -------------------------------------------------------------


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
    # The reference opens the application.
    link = soup(response).find("a", string=re.compile(money["paid"].reference))
    assert link["href"] == reverse("applications:inspect", args=[money["paid"].application_id])


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

    results = client.get(reverse("fund_awards_report_results"), {"call": other_call.pk})
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
        (reverse("fund_awards_report_results"), {}),
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
