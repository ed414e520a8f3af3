"""The ranking report: a call's reviewed applications in order of mean score,
the cumulative amount requested and the funding line at the fund's remaining
budget, for fund managers only, with formula-safe downloads.
"""

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fund import services
from fund.models import FundPage
from fund.services import ScoreInput
from tests.conftest import make_call
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

FUNDING_LINE = "Funding line: £5,000.00 remaining."


def page_text(response):
    return unescape(response.content.decode())


def read_body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_refused(response):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the
    dashboard and the message "Sorry, you do not have permission..."."""
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def ranking_url(call=None, **params):
    if call is not None:
        params["call"] = call.pk
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("fund_ranking") + (f"?{query}" if query else "")


def reports_menu(response):
    """The labels of the sidebar's "Reports" menu."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.DOTALL,
    )
    modules = json.loads(props.group(1))["modules"]
    main_menu = next(m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule")
    for item in main_menu["_args"][0]:
        if (
            item["_type"] == "wagtail.sidebar.SubMenuItem"
            and item["_args"][0]["label"] == "Reports"
        ):
            return [child["_args"][0]["label"] for child in item["_args"][1]]
    return []


# --- fixtures -----------------------------------------------------------------------


def closed_call(fund, *, slug, days_ago, title):
    """A call that closed ``days_ago`` days ago, scored on one criterion out of 5
    (so a score of 4 is 80%)."""
    now = timezone.now()
    return make_call(
        fund,
        slug=slug,
        title=title,
        opens_at=now - dt.timedelta(days=days_ago + 30),
        closes_at=now - dt.timedelta(days=days_ago),
    )


@pytest.fixture
def call(fund_page):
    return closed_call(fund_page, slug="spring", days_ago=3, title="Spring round")


@pytest.fixture
def committed_fund(fund_page):
    """£50,000 of which £45,000 is already committed: £5,000 remains."""
    FundPage.objects.filter(pk=fund_page.pk).update(committed=Decimal("45000.00"))
    return fund_page


@pytest.fixture
def panel(db):
    def make():
        user = UserFactory()
        user.groups.add(Group.objects.get(name="Grant panel"))
        return user

    return make


def reviewed(call, manager, reviewers, *scores, **fields):
    """An application screened eligible and scored by each reviewer in turn."""
    application = ApplicationFactory(page=call, **fields)
    services.application_screen(application=application, eligible=True, by=manager)
    (criterion,) = call.criteria.all()
    for reviewer, score in zip(reviewers, scores, strict=True):
        assignment = services.reviewer_assign(
            application=application, reviewer=reviewer, by=manager
        )
        services.conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
        services.review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=criterion.pk, score=score)],
            recommendation="fund_full",
            submit=True,
            by=reviewer,
        )
    return application


@pytest.fixture
def three_bids(committed_fund, call, manager, panel):
    """Three bids of £2,000 made in an order other than their scores'."""
    reviewer = panel()
    return {
        "third": reviewed(
            call,
            manager,
            [reviewer],
            3,
            reference="SCF-2026-0003",
            organisation_name="Calder Valley Refuge",
            amount_requested=Decimal("2000.00"),
        ),
        "first": reviewed(
            call,
            manager,
            [reviewer],
            5,
            reference="SCF-2026-0001",
            organisation_name="Aire Valley Freedom Project",
            amount_requested=Decimal("2000.00"),
        ),
        "second": reviewed(
            call,
            manager,
            [reviewer],
            4,
            reference="SCF-2026-0002",
            organisation_name="Bradford Survivors Network",
            amount_requested=Decimal("2000.00"),
        ),
    }


# --- the ranking and the funding line ----------------------------------------------------


def test_ranking_orders_by_mean_score_and_draws_the_funding_line_at_the_remaining_budget(
    client, manager, call, three_bids
):
    client.force_login(manager)

    response = client.get(ranking_url(call))

    assert response.status_code == 200
    page = page_text(response)
    assert "Spring round" in page
    assert "£5,000.00" in page  # the remaining budget
    positions = [
        page.index("SCF-2026-0001"),
        page.index("SCF-2026-0002"),
        page.index(FUNDING_LINE),
        page.index("SCF-2026-0003"),
    ]
    assert positions == sorted(positions)
    assert page.count(FUNDING_LINE) == 1
    rows = {row.application.reference: row for row in response.context["object_list"]}
    assert [rows[r].rank for r in ["SCF-2026-0001", "SCF-2026-0002", "SCF-2026-0003"]] == [1, 2, 3]
    assert [rows[r].mean_score_shown for r in rows] == ["100.0%", "80.0%", "60.0%"]
    assert [rows[r].cumulative_requested_shown for r in rows] == [
        "£2,000.00",
        "£4,000.00",
        "£6,000.00",
    ]
    # below the line in words, not only by colour
    below = page[page.index(FUNDING_LINE) :]
    above = page[: page.index(FUNDING_LINE)]
    assert "Below the funding line" in below
    assert "Below the funding line" not in above
    assert above.count("Within the budget") == 2
    for text in ["Aire Valley Freedom Project", "100.0%", "£2,000.00", "£6,000.00"]:
        assert text in page, text


def test_ranking_shows_the_line_after_the_last_bid_when_all_fit(
    client, manager, fund_page, call, panel
):
    reviewed(call, manager, [panel()], 4, reference="SCF-2026-0010")
    client.force_login(manager)

    page = page_text(client.get(ranking_url(call)))

    assert "Funding line: £50,000.00 remaining." in page
    assert "Every application above fits in the remaining budget." in page
    assert page.index("SCF-2026-0010") < page.index("Funding line: £50,000.00 remaining.")
    assert "Below the funding line" not in page


def test_ranking_shows_mean_reviews_spread_and_the_moderation_flag(
    client, manager, fund_page, call, panel
):
    reviewers = [panel(), panel()]
    reviewed(call, manager, reviewers, 5, 1, reference="SCF-2026-0020")  # 100% and 20%
    reviewed(call, manager, reviewers, 4, 4, reference="SCF-2026-0021")
    client.force_login(manager)

    response = client.get(ranking_url(call))

    rows = {row.application.reference: row for row in response.context["object_list"]}
    split, agreed = rows["SCF-2026-0020"], rows["SCF-2026-0021"]
    assert (split.mean_score_shown, split.review_count, split.spread_shown) == (
        "60.0%",
        2,
        "80.0 points",
    )
    assert split.flagged and not agreed.flagged
    assert page_text(response).count("Needs moderation") == 1


def test_ranking_leaves_out_bids_not_screened_eligible(client, manager, fund_page, call, panel):
    reviewed(call, manager, [panel()], 4, reference="SCF-2026-0030")
    ApplicationFactory(page=call, reference="SCF-2026-0031")
    ineligible = ApplicationFactory(page=call, reference="SCF-2026-0032")
    services.application_screen(
        application=ineligible, eligible=False, reason="outside_area", by=manager
    )
    ApplicationFactory(page=call, status="withdrawn", reference="SCF-2026-0033")
    client.force_login(manager)

    page = page_text(client.get(ranking_url(call)))

    assert "SCF-2026-0030" in page
    for reference in ["SCF-2026-0031", "SCF-2026-0032", "SCF-2026-0033"]:
        assert reference not in page


def test_ranking_defaults_to_the_most_recently_closed_call(
    client, manager, fund_page, call, panel, open_call
):
    older = closed_call(fund_page, slug="winter", days_ago=90, title="Winter round")
    reviewer = panel()
    reviewed(call, manager, [reviewer], 4, reference="SCF-2026-0040")
    reviewed(older, manager, [reviewer], 4, reference="SCF-2025-0041")
    reviewed(open_call, manager, [reviewer], 4, reference="SCF-2026-0042")
    client.force_login(manager)

    default = page_text(client.get(ranking_url()))
    chosen = page_text(client.get(ranking_url(older)))

    assert "SCF-2026-0040" in default
    assert "SCF-2025-0041" not in default and "SCF-2026-0042" not in default
    assert "SCF-2025-0041" in chosen
    assert "SCF-2026-0040" not in chosen


def test_ranking_results_fragment_follows_the_chosen_call(client, manager, call, three_bids):
    client.force_login(manager)

    response = client.get(reverse("fund_ranking_results") + f"?call={call.pk}")

    assert response.status_code == 200
    assert FUNDING_LINE in page_text(response)


# --- who may see it --------------------------------------------------------------------


def test_ranking_is_in_the_reports_menu_for_fund_managers(client, manager):
    client.force_login(manager)

    assert "Ranking" in reports_menu(client.get("/admin/"))


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_ranking_is_refused_to_everyone_else_and_not_in_their_menu(
    request, client, role, call, three_bids
):
    client.force_login(request.getfixturevalue(role))

    assert "Ranking" not in reports_menu(client.get("/admin/"))
    for url in [
        ranking_url(call),
        ranking_url(call, export="csv"),
        ranking_url(call, export="xlsx"),
        reverse("fund_ranking_results"),
    ]:
        response = client.get(url)
        assert_refused(response)
        assert b"SCF-2026-0001" not in read_body(response)


# --- downloads ---------------------------------------------------------------------------


@pytest.fixture
def hostile_bids(committed_fund, call, manager, panel):
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
    ]
    first, second = data
    assert first["Rank"] == "1"
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


# --- cost ----------------------------------------------------------------------------------


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


def test_awarded_and_declined_bids_do_not_use_up_the_remaining_budget_twice(open_call, manager):
    """Budget £8,000: A is awarded £4,000 (so £4,000 remains), C is declined;
    B, asking for £4,000, still fits within what remains."""
    from decimal import Decimal

    from fund import selectors, services
    from fund.models import FundPage
    from tests.factories import ApplicationFactory

    FundPage.objects.filter(pk=open_call.get_parent().pk).update(total_budget=Decimal("8000"))
    a, b, c = (
        ApplicationFactory(page=open_call, status="reviewed", amount_requested=Decimal("4000"))
        for _ in range(3)
    )
    services.award_make(application=a, amount=Decimal("4000"), conditions="<p>x</p>", by=manager)
    services.application_decline(application=c, reason="score", feedback="Thin.", by=manager)

    rows, remaining = selectors.ranking(call=open_call)

    assert remaining == Decimal("4000.00")
    row = {r.application.pk: r for r in rows}
    assert row[b.pk].within_budget is True
    assert row[b.pk].cumulative_requested == Decimal("4000.00")
    assert row[a.pk].within_budget is True  # funded
    assert row[c.pk].within_budget is False
