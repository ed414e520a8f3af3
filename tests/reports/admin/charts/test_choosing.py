"""Reports > Call statistics: choosing the call, who may see it, and what it
costs in queries."""

import datetime as dt
from itertools import cycle

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ApplicationFactory, UserFactory
from tests.factories.calls import make_call
from tests.reports.admin.charts.helpers import column, scored, soup_of, statistics_url, text_of
from tests.support.pages import assert_refused, sidebar_menu_labels
from tests.support.states import award

pytestmark = pytest.mark.django_db


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
