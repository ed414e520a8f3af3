"""The ranking report: a call's reviewed applications in order of mean score,
against the funding line, and who may see it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory
from tests.reviews.admin.ranking.helpers import FUNDING_LINE, closed_call, ranking_url, reviewed
from tests.support.pages import assert_refused, page_text, read_body, sidebar_menu_labels

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_bids(committed_fund, call, manager, panel, one_review_is_enough):
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
    client, manager, fund_page, call, panel, one_review_is_enough
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
    application_screen(application=ineligible, eligible=False, reason="outside_area", by=manager)
    ApplicationFactory(page=call, status="withdrawn", reference="SCF-2026-0033")
    client.force_login(manager)

    page = page_text(client.get(ranking_url(call)))

    assert "SCF-2026-0030" in page
    for reference in ["SCF-2026-0031", "SCF-2026-0032"]:
        assert reference not in page
    # A withdrawn bid is an outcome: listed with the decided ones, not ranked.
    ranked, decided = page.split("Decided</h2>")
    assert "SCF-2026-0033" not in ranked and "SCF-2026-0033" in decided


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


def test_ranking_is_in_the_reports_menu_for_fund_managers(client, manager):
    client.force_login(manager)

    assert "Ranking" in sidebar_menu_labels(client.get("/admin/"), "Reports")


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_ranking_is_refused_to_everyone_else_and_not_in_their_menu(
    request, client, role, call, three_bids
):
    client.force_login(request.getfixturevalue(role))

    assert "Ranking" not in sidebar_menu_labels(client.get("/admin/"), "Reports")
    for url in [
        ranking_url(call),
        ranking_url(call, export="csv"),
        ranking_url(call, export="xlsx"),
        reverse("fund_ranking_results"),
    ]:
        response = client.get(url)
        assert_refused(response)
        assert b"SCF-2026-0001" not in read_body(response)
