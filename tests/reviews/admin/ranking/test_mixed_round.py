"""The ranking of a round part decided, as in the demo: decided, ranked, and
not ranked yet."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fund.applications.services.withdrawal import application_withdraw
from fund.awards.services.decisions import application_decline, award_make
from fund.calls.models import FundPage
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory
from tests.reviews.admin.ranking.helpers import ranking_url, reviewed
from tests.support.pages import page_text, read_body

pytestmark = pytest.mark.django_db


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


def assert_decided_apart(response, page):
    """Decided bids apart, after the ranking, with their outcome and score,
    no running total."""
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
    assert_decided_apart(response, page)


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
