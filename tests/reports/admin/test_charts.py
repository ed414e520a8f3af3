"""Reports > Call statistics: a call's applications by status and district,
the distribution of their scores, and what they asked for against what has
been awarded, each as an SVG picture beside a table of its figures.

Every test goes through the test client as the role in question and reads
the figures from the tables, as a screen-reader user would.
"""

import datetime as dt
from itertools import cycle

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fund.awards.services.awards import application_decline, award_withdraw
from fund.reviews.services import (
    ScoreInput,
    application_screen,
    conflict_declare,
    review_save,
    reviewer_assign,
)
from tests.factories import ApplicationFactory, UserFactory
from tests.factories.calls import make_call
from tests.support.pages import assert_refused, sidebar_menu_labels
from tests.support.states import award

pytestmark = pytest.mark.django_db

URL = "fund_call_statistics"


# --- reading the page ------------------------------------------------------------


def statistics_url(call=None):
    url = reverse(URL)
    return f"{url}?call={call if isinstance(call, str) else call.pk}" if call else url


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def figures(response, name):
    """A chart's table as {row heading: [cells]}, body and footer rows."""
    table = soup_of(response).find("table", attrs={"data-figures": name})
    assert table is not None, f"no table of {name} figures"
    return {
        row.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr, tfoot tr")
    }


def column(response, name, index=0):
    return {heading: cells[index] for heading, cells in figures(response, name).items()}


def text_of(response):
    return " ".join(soup_of(response).get_text(" ").split())


# --- making the data --------------------------------------------------------------


@pytest.fixture
def reviewers(role_user):
    return [role_user("Grant panel") for _ in range(2)]


def scored(call, manager, reviewers, *scores, **fields):
    """An application screened eligible and scored by each reviewer in turn.
    The call has one criterion out of 5, so a score of 4 is 80%."""
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
    application.refresh_from_db()
    return application


@pytest.fixture
def bids(fund_page, open_call, manager, reviewers):
    """Eight applications sent to the open call, a draft, and one to another call.

    | bid | status     | districts                      | requested | mean score | award           |
    |-----|------------|--------------------------------|-----------|------------|-----------------|
    | A   | awarded    | leeds, bradford                | 4,000     | 90 (5, 4)  | 3,000           |
    | H   | awarded    | wakefield                      | 2,500     | 100 (5)    | 2,000 withdrawn |
    | B   | declined   | leeds                          | 2,000     | 70 (3, 4)  |                 |
    | G   | reviewed   | leeds                          | 3,000     | 0 (0)      |                 |
    | C   | in review  | kirklees                       | 1,500     | none: a draft review only |
    | D   | submitted  | wakefield, leeds, calderdale   | 1,000     |            |                 |
    | E   | ineligible | bradford                       | 500       |            |                 |
    | F   | withdrawn  | calderdale                     | 700       |            |                 |
    """
    first, second = reviewers
    a = scored(
        open_call, manager, reviewers, 5, 4, districts=["leeds", "bradford"], amount_requested=4000
    )
    award(a, manager, "3000")
    h = scored(open_call, manager, [first], 5, districts=["wakefield"], amount_requested=2500)
    award_withdraw(award=award(h, manager, "2000"), reason="Group closed.", by=manager)
    b = scored(open_call, manager, reviewers, 3, 4, districts=["leeds"], amount_requested=2000)
    application_decline(
        early_reason="Decided early in a test.",
        application=b,
        reason="score",
        feedback="Scored below the line.",
        by=manager,
    )
    scored(open_call, manager, [first], 0, districts=["leeds"], amount_requested=3000)

    c = ApplicationFactory(page=open_call, districts=["kirklees"], amount_requested=1500)
    application_screen(application=c, eligible=True, by=manager)
    assignment = reviewer_assign(application=c, reviewer=second, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=second)
    (criterion,) = open_call.criteria.all()
    review_save(
        assignment=assignment,
        scores=[ScoreInput(criterion_id=criterion.pk, score=5)],
        by=second,
    )

    ApplicationFactory(
        page=open_call, districts=["wakefield", "leeds", "calderdale"], amount_requested=1000
    )
    e = ApplicationFactory(page=open_call, districts=["bradford"], amount_requested=500)
    application_screen(application=e, eligible=False, reason="outside_area", by=manager)
    ApplicationFactory(
        page=open_call, status="withdrawn", districts=["calderdale"], amount_requested=700
    )

    # Never counted: a draft, and an application to another call.
    ApplicationFactory(
        page=open_call, status="draft", districts=["kirklees", "leeds"], amount_requested=5000
    )
    other = make_call(
        fund_page,
        slug="other",
        title="Other round",
        opens_at=timezone.now() - dt.timedelta(days=30),
    )
    ApplicationFactory(page=other, districts=["leeds"], amount_requested=4500)
    return open_call


# --- the figures -------------------------------------------------------------------


def test_applications_by_status_with_what_they_request(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url(bids))

    assert response.status_code == 200
    assert figures(response, "status") == {
        "Submitted": ["1", "£1,000.00"],
        "Eligible": ["0", "£0.00"],
        "Ineligible": ["1", "£500.00"],
        "In review": ["1", "£1,500.00"],
        "Reviewed": ["1", "£3,000.00"],
        "Awarded": ["2", "£6,500.00"],
        "Declined": ["1", "£2,000.00"],
        "Withdrawn": ["1", "£700.00"],
        "All applications sent": ["8", "£15,200.00"],
    }
    assert "8 applications have been sent to Tackling modern slavery." in text_of(response)


def test_applications_by_district_count_each_district_served(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url(bids))

    assert column(response, "district") == {
        "Bradford": "2",
        "Calderdale": "2",
        "Kirklees": "1",
        "Leeds": "4",
        "Wakefield": "2",
    }
    page = text_of(response)
    assert "An application that serves several districts is counted once in each of them" in page
    assert "2 applications serve more than one district." in page


def test_score_distribution_in_bands_of_ten_with_the_unscored(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url(bids))

    assert column(response, "scores") == {
        "0% to under 10%": "1",
        "10% to under 20%": "0",
        "20% to under 30%": "0",
        "30% to under 40%": "0",
        "40% to under 50%": "0",
        "50% to under 60%": "0",
        "60% to under 70%": "0",
        "70% to under 80%": "1",  # 70.0 exactly: a band includes its lower bound
        "80% to under 90%": "0",
        "90% to 100%": "2",  # 90 and a perfect 100
        "No score yet": "1",  # a draft review does not count
    }
    assert (
        "Of 5 applications screened eligible, 4 have a score and 1 have no score yet."
        in text_of(response)
    )


def test_requested_against_awarded_in_total(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url(bids))

    assert figures(response, "money") == {
        "Requested by every application sent": ["8", "£15,200.00"],
        "Requested by the applications screened eligible": ["5", "£13,000.00"],
        "Requested by the applications awarded": ["1", "£4,000.00"],
        "Awarded": ["1", "£3,000.00"],  # the withdrawn award of £2,000 is not counted
    }
    page = text_of(response)
    assert "Awards declined by the applicant or withdrawn are not counted." in page
    assert "The amount awarded is 23% of what the eligible applications asked for." in page


def test_a_call_with_only_drafts_has_nothing_to_chart(client, manager, open_call):
    ApplicationFactory(page=open_call, status="draft", districts=["leeds"])
    client.force_login(manager)

    response = client.get(statistics_url(open_call))

    assert response.status_code == 200
    page = text_of(response)
    assert "0 applications have been sent to Tackling modern slavery." in page
    assert "No applications have been sent to this call yet." in page
    assert not soup_of(response).find("table", attrs={"data-figures": True})


# --- the pictures --------------------------------------------------------------------


def test_each_chart_is_a_hidden_svg_beside_an_accessible_table(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url(bids))

    soup = soup_of(response)
    charts = soup.select("svg[data-chart]")
    assert [svg["data-chart"] for svg in charts] == ["status", "district", "scores", "money"]
    for svg in charts:
        assert svg["aria-hidden"] == "true"
        assert svg["focusable"] == "false"
        table = svg.find_next_sibling("table")
        assert table is not None and table.caption.get_text(strip=True)
        assert {th["scope"] for th in table.select("thead th")} == {"col"}
        assert {th["scope"] for th in table.select("tbody th")} == {"row"}
    # Drawn on the server: no script and nothing fetched from elsewhere.
    content = soup.select_one("div.nice-padding")
    assert content.find("script") is None
    assert not content.select("[src], [href^='http']")


def test_bars_carry_their_labels_and_awarded_differs_by_pattern(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url(bids))

    soup = soup_of(response)

    def labels(key):
        return [text.get_text() for text in soup.select(f'svg[data-chart="{key}"] text')]

    assert "Leeds: 4" in labels("district")
    assert "Awarded: 2" in labels("status")
    assert "Awarded: £3,000.00" in labels("money")
    assert labels("scores")[:2] == ["1", "0–10"]
    awarded = soup.select('svg[data-chart="money"] rect.fund-chart__bar')[-1]
    assert awarded["fill"] == "url(#fund-chart-money-stripes)"


def test_the_largest_figure_fills_the_chart_and_the_rest_are_to_scale(client, manager, bids):
    client.force_login(manager)

    soup = soup_of(client.get(statistics_url(bids)))

    widths = [
        int(rect["width"]) for rect in soup.select('svg[data-chart="money"] rect.fund-chart__bar')
    ]
    assert widths == [
        600,
        round(13000 / 15200 * 600),
        round(4000 / 15200 * 600),
        round(3000 / 15200 * 600),
    ]


# --- choosing the call --------------------------------------------------------------


def test_defaults_to_the_call_opened_most_recently_that_has_applications(
    client, manager, fund_page, bids
):
    now = timezone.now()
    make_call(  # opened this morning: nothing to chart yet
        fund_page,
        slug="summer",
        title="Summer round",
        opens_at=now - dt.timedelta(hours=3),
    )
    make_call(  # not open yet
        fund_page,
        slug="autumn",
        title="Autumn round",
        opens_at=now + dt.timedelta(days=30),
        closes_at=now + dt.timedelta(days=60),
    )
    client.force_login(manager)

    response = client.get(statistics_url())

    assert "8 applications have been sent to Tackling modern slavery." in text_of(response)
    options = soup_of(response).select("#fund-chart-call option")
    assert [option.get_text().split(" (")[0] for option in options] == [
        "Autumn round",
        "Summer round",
        "Tackling modern slavery",
        "Other round",
    ]
    assert options[2].has_attr("selected")
    assert options[2].get_text().endswith("; 8 applications)")  # drafts not counted
    assert options[1].get_text().endswith("; 0 applications)")


def test_with_no_applications_anywhere_the_call_opened_last_is_shown(client, manager, open_call):
    client.force_login(manager)

    response = client.get(statistics_url())

    assert "0 applications have been sent to Tackling modern slavery." in text_of(response)


def test_another_call_can_be_chosen(client, manager, fund_page, bids):
    now = timezone.now()
    older = make_call(
        fund_page,
        slug="winter",
        title="Winter round",
        opens_at=now - dt.timedelta(days=90),
        closes_at=now - dt.timedelta(days=60),
    )
    ApplicationFactory(page=older, status="submitted", districts=["kirklees"])
    client.force_login(manager)

    response = client.get(statistics_url(older))

    assert "1 application has been sent to Winter round." in text_of(response)
    assert column(response, "district")["Kirklees"] == "1"
    assert column(response, "status")["All applications sent"] == "1"
    selected = soup_of(response).select_one("#fund-chart-call option[selected]")
    assert selected["value"] == str(older.pk)


def test_a_call_that_is_not_found_says_so_and_shows_the_most_recent(client, manager, bids):
    client.force_login(manager)

    response = client.get(statistics_url("999999"))

    assert response.status_code == 200
    page = text_of(response)
    assert "The call in the link was not found" in page
    assert "8 applications have been sent to Tackling modern slavery." in page


def test_with_no_calls_the_page_says_so(client, manager, fund_page):
    client.force_login(manager)

    response = client.get(statistics_url())

    assert response.status_code == 200
    assert "There are no calls yet." in text_of(response)


# --- who may see it --------------------------------------------------------------------


def test_fund_managers_find_it_in_the_reports_menu(client, manager, bids):
    client.force_login(manager)

    assert "Call statistics" in sidebar_menu_labels(client.get("/admin/"), "Reports")
    assert client.get(statistics_url(bids)).status_code == 200


def test_administrators_may_see_it(client, bids):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(statistics_url(bids))

    assert response.status_code == 200
    assert column(response, "scores")["90% to 100%"] == "2"


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_everyone_else_is_refused_and_it_is_not_in_their_menu(request, client, role, bids):
    client.force_login(request.getfixturevalue(role))

    assert "Call statistics" not in sidebar_menu_labels(client.get("/admin/"), "Reports")
    response = client.get(statistics_url(bids))
    assert_refused(response)
    assert b"No score yet" not in response.content


# --- cost ---------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_however_many_applications(
    client, manager, fund_page, open_call, reviewers, django_assert_max_num_queries
):
    scored(open_call, manager, reviewers[:1], 4, districts=["leeds"], amount_requested=1000)
    client.force_login(manager)
    client.get(statistics_url(open_call))  # caches filled once per process
    with CaptureQueriesContext(connection) as small:
        assert client.get(statistics_url(open_call)).status_code == 200

    districts = cycle([["leeds"], ["bradford", "kirklees"], ["wakefield", "calderdale", "leeds"]])
    statuses = cycle(["submitted", "ineligible", "withdrawn", "eligible", "reviewed"])
    for _ in range(40):
        ApplicationFactory(page=open_call, status=next(statuses), districts=next(districts))
    for score in range(6):
        made = scored(open_call, manager, reviewers, score, 5 - score, districts=next(districts))
        if score % 2:
            award(made, manager, "1000")

    with django_assert_max_num_queries(len(small)):
        response = client.get(statistics_url(open_call))
    assert column(response, "status", 0)["All applications sent"] == "47"
