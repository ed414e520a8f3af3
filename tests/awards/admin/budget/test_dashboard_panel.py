"""Budget at a glance: the dashboard panel of each fund's money."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund.awards.admin.budget import BudgetPanel
from fund.calls.models import FundPage
from tests.awards.admin.budget.helpers import DASHBOARD, REPORT, second_fund, soup, words
from tests.factories import ApplicationFactory, AwardFactory
from tests.factories.calls import make_call

pytestmark = pytest.mark.django_db


def budget_panel(response):
    return soup(response).find(id="budget-at-a-glance-section")


def figures(panel, fund):
    """The fund's budget table: {row heading: amount text}."""
    section = panel.find("section", attrs={"aria-labelledby": f"fund-budget-{fund.pk}"})
    table = section.find("table", class_="fund-budget__figures")
    return {words(row.th): words(row.td) for row in table.tbody.find_all("tr")}


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
