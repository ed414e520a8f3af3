"""The ranking report: a call's reviewed applications in order of mean score,
the cumulative amount requested and the funding line at the fund's remaining
budget, for fund managers only, with formula-safe downloads.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fund.applications.services import application_withdraw
from fund.awards.services.awards import application_decline, award_make
from fund.calls.models import CallPage, FundPage
from fund.reviews.services import (
    ScoreInput,
    application_screen,
    conflict_declare,
    review_save,
    reviewer_assign,
)
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.calls import make_call
from tests.support.pages import assert_refused, page_text, read_body, sidebar_menu_labels

pytestmark = pytest.mark.django_db

FUNDING_LINE = "Funding line: £5,000.00 remaining."


def ranking_url(call=None, **params):
    if call is not None:
        params["call"] = call.pk
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("fund_ranking") + (f"?{query}" if query else "")


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
def one_review_is_enough(call):
    """The older examples score each bid once; the minimum is tested below."""
    CallPage.objects.filter(pk=call.pk).update(minimum_reviews=1)
    call.minimum_reviews = 1


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
    application_screen(application=application, eligible=True, by=manager)
    (criterion,) = call.criteria.all()
    for reviewer, score in zip(reviewers, scores, strict=True):
        assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
        review_save(
            assignment=assignment,
            scores=[ScoreInput(criterion_id=criterion.pk, score=score)],
            recommendation="fund_full",
            submit=True,
            by=reviewer,
        )
    return application


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


# --- who may see it --------------------------------------------------------------------


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


# --- downloads ---------------------------------------------------------------------------


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


# --- the demo's mixed state: decided, ranked, not ranked yet ---------------------------


@pytest.fixture
def mixed_round(fund_page, call, manager, panel):
    """£20,000 in the fund, £9,500 of it awarded in this call (so £10,500
    remains); one bid declined; five bids still to decide with two reviews
    each, one with a single review and one with none."""
    FundPage.objects.filter(pk=fund_page.pk).update(total_budget=Decimal("20000.00"))
    pair = [panel(), panel()]

    def bid(reference, scores, amount):
        return reviewed(
            call,
            manager,
            pair[: len(scores)],
            *scores,
            reference=reference,
            amount_requested=Decimal(amount),
        )

    awarded = [bid("SCF-2026-0101", [5, 5], "5000"), bid("SCF-2026-0102", [5, 4], "5000")]
    award_make(
        early_reason="Decided early in a test.",
        application=awarded[0],
        amount=Decimal("5000"),
        conditions="<p>x</p>",
        by=manager,
    )
    award_make(
        early_reason="Decided early in a test.",
        application=awarded[1],
        amount=Decimal("4500"),
        conditions="<p>x</p>",
        by=manager,
    )
    declined = bid("SCF-2026-0103", [5, 5], "3000")
    application_decline(
        early_reason="Decided early in a test.",
        application=declined,
        reason="score",
        feedback="Thin.",
        by=manager,
    )
    bid("SCF-2026-0111", [5, 4], "4000")  # 90%: £4,000 so far
    bid("SCF-2026-0112", [4, 4], "3000")  # 80%: £7,000
    bid("SCF-2026-0113", [4, 3], "2500")  # 70%: £9,500, the last that fits
    bid("SCF-2026-0114", [3, 3], "1500")  # 60%: £11,000, the first that does not
    bid("SCF-2026-0115", [3, 2], "500")  # 50%: £11,500; alone it would fit, but it comes after
    bid("SCF-2026-0121", [5], "500")  # one review: not ranked, however high
    unreviewed = ApplicationFactory(
        page=call, reference="SCF-2026-0122", amount_requested=Decimal("700")
    )
    application_screen(application=unreviewed, eligible=True, by=manager)
    withdrawn = bid("SCF-2026-0104", [4, 4], "2000")
    application_withdraw(application=withdrawn, reason="We found other funding.")


WITHIN, BELOW = "Within the budget", "Below the funding line"
FUNDING_LINE_MIXED = "Funding line: £10,500.00 remaining."


def test_ranking_of_a_round_part_decided_labels_every_row_by_its_place_against_the_line(
    client, manager, call, mixed_round
):
    client.force_login(manager)

    response = client.get(ranking_url(call))

    assert response.status_code == 200
    assert response.context["remaining"] == Decimal("10500.00")
    rows = [
        (
            row.application.reference,
            str(row.group_display),
            row.rank,
            row.cumulative_requested_shown,
            str(row.funding_line_display),
        )
        for row in response.context["object_list"]
    ]
    assert rows == [
        ("SCF-2026-0111", "Ranked", 1, "£4,000.00", WITHIN),
        ("SCF-2026-0112", "Ranked", 2, "£7,000.00", WITHIN),
        ("SCF-2026-0113", "Ranked", 3, "£9,500.00", WITHIN),
        ("SCF-2026-0114", "Ranked", 4, "£11,000.00", BELOW),
        ("SCF-2026-0115", "Ranked", 5, "£11,500.00", BELOW),
        ("SCF-2026-0121", "Not ranked yet", None, "", "Too few reviews: 1 of 2"),
        ("SCF-2026-0122", "Not ranked yet", None, "", "Too few reviews: 0 of 2"),
    ]
    # The running total never falls, and the label follows from it alone.
    for row in response.context["object_list"]:
        if row.rank is not None:
            assert row.within_budget == (row.cumulative_requested <= Decimal("10500.00"))
    page = page_text(response)
    # The line drawn once, between the last bid that fits and the first that does not.
    assert page.count(FUNDING_LINE_MIXED) == 1
    assert "Every application above fits" not in page
    line = page.index(FUNDING_LINE_MIXED)
    assert page.index("SCF-2026-0113") < line < page.index("SCF-2026-0114")
    above, below = page[:line], page[line:]
    assert above.count(WITHIN) == 3 and BELOW not in above
    assert WITHIN not in below.split("Decided</h2>")[0]
    assert (
        below.index("SCF-2026-0115") < below.index("Not ranked yet") < below.index("SCF-2026-0121")
    )
    assert "Once an application does not fit, every application after it is below the line" in page
    # A status column in both tables.
    assert ">Status</th>" in page and ">Reviewed</td>" in page and ">Eligible</td>" in page
    # Decided bids apart, after the ranking, with their outcome and score, no running total.
    decided = page[page.index("Decided</h2>") :]
    assert [
        (row.application.reference, str(row.outcome_display), row.mean_score_shown)
        for row in response.context["decided_rows"]
    ] == [
        ("SCF-2026-0101", "Awarded £5,000.00", "100.0%"),
        ("SCF-2026-0102", "Awarded £4,500.00", "90.0%"),
        ("SCF-2026-0103", "Declined", "100.0%"),
        ("SCF-2026-0104", "Withdrawn by the applicant", "80.0%"),
    ]
    for reference in ["SCF-2026-0101", "SCF-2026-0102", "SCF-2026-0103", "SCF-2026-0104"]:
        assert reference not in page[: page.index("Decided</h2>")]
        assert reference in decided
    assert ">Awarded</td>" in decided and ">Declined</td>" in decided
    assert "Awarded £4,500.00" in decided


def test_ranking_download_has_every_row_with_its_group_and_status(
    client, manager, call, mixed_round
):
    client.force_login(manager)

    response = client.get(ranking_url(call, export="csv"))

    data = list(csv.DictReader(io.StringIO(read_body(response).decode("utf-8-sig"))))
    assert [
        (
            row["Reference"],
            row["Group"],
            row["Status"],
            row["Rank"],
            row["Cumulative requested (£)"],
            row["Funding line"],
            row["Outcome"],
        )
        for row in data
    ] == [
        ("SCF-2026-0111", "Ranked", "Reviewed", "1", "4000.00", WITHIN, ""),
        ("SCF-2026-0112", "Ranked", "Reviewed", "2", "7000.00", WITHIN, ""),
        ("SCF-2026-0113", "Ranked", "Reviewed", "3", "9500.00", WITHIN, ""),
        ("SCF-2026-0114", "Ranked", "Reviewed", "4", "11000.00", BELOW, ""),
        ("SCF-2026-0115", "Ranked", "Reviewed", "5", "11500.00", BELOW, ""),
        ("SCF-2026-0121", "Not ranked yet", "Reviewed", "", "", "Too few reviews: 1 of 2", ""),
        ("SCF-2026-0122", "Not ranked yet", "Eligible", "", "", "Too few reviews: 0 of 2", ""),
        ("SCF-2026-0101", "Decided", "Awarded", "", "", "", "Awarded £5,000.00"),
        ("SCF-2026-0102", "Decided", "Awarded", "", "", "", "Awarded £4,500.00"),
        ("SCF-2026-0103", "Decided", "Declined", "", "", "", "Declined"),
        ("SCF-2026-0104", "Decided", "Withdrawn", "", "", "", "Withdrawn by the applicant"),
    ]


def test_ranking_of_a_part_decided_round_costs_the_same_queries_whatever_its_length(
    client, manager, call, mixed_round, panel, django_assert_max_num_queries
):
    client.force_login(manager)
    url = ranking_url(call)
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    pair = [panel(), panel()]
    for number in range(60):
        reviewed(call, manager, pair, number % 6, (number + 1) % 6)

    with django_assert_max_num_queries(len(few.captured_queries)):
        first = client.get(url)
    with django_assert_max_num_queries(len(few.captured_queries)):
        second = client.get(url + "&p=2")

    both = page_text(first) + page_text(second)
    assert both.count(FUNDING_LINE_MIXED) == 1
    assert both.count("Decided</h2>") == 1 and "Decided</h2>" in page_text(second)
