"""The public "What the fund achieved" page, and the links that lead to it."""

import pytest

from fund.opendata.pages import OutcomesPage
from tests.support.outcomes import add_grants

pytestmark = pytest.mark.django_db


@pytest.fixture
def achievements_page(home_page):
    return home_page.add_child(
        instance=OutcomesPage(title="What the fund achieved", slug="what-the-fund-achieved")
    )


def test_the_page_shows_outcomes_against_targets(client, achievements_page, open_call, manager):
    add_grants(open_call, 4, manager=manager)

    page = client.get(achievements_page.url).content.decode()

    assert "4 grants totalling £8,000.00" in page
    assert "Victims and survivors supported (people)" in page
    assert '<td class="number table__cell--numeric" data-label="Target">40</td>' in page
    assert '<td class="number table__cell--numeric" data-label="Achieved so far">12</td>' in page


def test_only_consented_case_studies_and_nothing_personal(
    client, achievements_page, open_call, manager
):
    awards = add_grants(open_call, 4, manager=manager)

    page = client.get(achievements_page.url).content.decode()

    assert "Grant 0 helped a survivor find safe housing." in page
    assert "Grant 2 helped" in page
    assert "Grant 1 helped" not in page and "Grant 3 helped" not in page
    application = awards[0].application
    assert application.contact_name not in page
    assert application.contact_email not in page
    assert application.postcode not in page


def test_before_any_grant_the_page_says_so(client, achievements_page):
    assert "No grants have reported" in client.get(achievements_page.url).content.decode()


def test_home_page_links_the_fund_its_calls_and_what_the_funder_publishes(
    client, home_page, fund_page, open_call, achievements_page, grants_page
):
    page = client.get(home_page.url).content.decode()

    assert f'href="{fund_page.url}"' in page
    assert f'href="{open_call.url}"' in page
    assert f'href="{grants_page.url}"' in page
    assert f'href="{grants_page.url}#open-data"' in page
    assert f'href="{achievements_page.url}"' in page


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("fund", "fund_page"),
        ("grants-awarded", "grants_page"),
        ("what-the-fund-achieved", "achievements_page"),
    ],
)
def test_the_footer_links_lead_to_the_live_pages(request, client, open_call, name, page):
    target = request.getfixturevalue(page)
    footer = client.get(open_call.url).content.decode()

    assert f'href="/open-data/pages/{name}/"' in footer
    response = client.get(f"/open-data/pages/{name}/")
    assert response.status_code == 302
    assert response["Location"] == target.url


def test_the_footer_link_to_open_data_opens_the_downloads(client, grants_page):
    response = client.get("/open-data/pages/open-data/")

    assert response["Location"] == f"{grants_page.url}#open-data"


def test_a_page_not_published_is_not_found(client, home_page):
    assert client.get("/open-data/pages/what-the-fund-achieved/").status_code == 404
    assert client.get("/open-data/pages/anything/").status_code == 404
