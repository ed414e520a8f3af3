"""Reports > Call statistics: the figures of a call's applications, and the
charts drawn from them."""

import pytest

from tests.factories import ApplicationFactory
from tests.reports.admin.charts.helpers import column, figures, soup_of, statistics_url, text_of

pytestmark = pytest.mark.django_db


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
