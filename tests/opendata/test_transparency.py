"""The grants awarded page: every grant made and still standing, with its
recipient, amount, purpose, conditions, date and why it reduces crime (the
Elected Local Policing Bodies (Specified Information) Order 2011), and
nothing personal."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fund.awards.models.awards import Award
from fund.awards.services.decisions import application_decline
from fund.awards.services.lifecycle import (
    award_complete,
    award_decline_by_applicant,
    award_withdraw,
)
from fund.core.funder import FunderSettings
from fund.opendata.selectors import PublishedGrant, published_grants, published_grants_by_fund
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.support.published import (
    ACCEPTED_BY,
    PERSONAL,
    REASON,
    accept,
    award_grant,
    pay_in_full,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(home_page):
    """The funder's 360Giving identifiers, as the seed data sets them."""
    FunderSettings.objects.filter(site__is_default_site=True).update(
        organisation_identifier="GB-GOR-PC000052",
        grant_identifier_prefix="360G-example-scf",
        website="https://www.example.org",
    )


def page_html(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    """The page's text with tags and runs of white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- what the page shows -------------------------------------------------------------


def test_the_page_shows_each_grant_with_amount_purpose_conditions_date_and_reason(
    client, grants_page, open_call, manager
):
    award = award_grant(
        open_call,
        manager,
        amount="2750.50",
        organisation_name="Aire Valley Freedom Project",
        project_title="Drop-in advice for people leaving exploitation",
        project_summary="Weekly advice sessions with an interpreter.",
    )
    # 11:30pm on 30 June in UTC is already 1 July in London.
    Award.objects.filter(pk=award.pk).update(
        decided_at=dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    )

    html = page_html(client, grants_page)
    text = text_of(html)

    assert "Aire Valley Freedom Project" in text
    assert "£2,750.50" in text
    assert "Drop-in advice for people leaving exploitation" in text
    assert "Weekly advice sessions with an interpreter." in text
    assert "Spend the grant on the project by 31 March 2027." in text
    assert "Send a report within three months of the end." in text
    assert '<time datetime="2026-07-01">1 July 2026</time>' in html
    assert REASON in text
    assert "Tackling modern slavery" in text  # the call
    assert "Safer Communities Fund" in text  # the fund


def test_the_page_is_one_accessible_table_per_call_under_its_fund(
    client, grants_page, fund_page, open_call, manager
):
    second = make_call(fund_page, slug="second", title="Supporting survivors")
    award_grant(open_call, manager, organisation_name="First Call Group")
    award_grant(second, manager, organisation_name="Second Call Group")

    html = page_html(client, grants_page)

    assert html.count("<h1") == 1
    assert html.count("<table") == 2
    captions = re.findall(r"<caption[^>]*>(.*?)</caption>", html, re.S)
    assert [c.strip() for c in captions] == ["Tackling modern slavery", "Supporting survivors"]
    assert html.count('<th scope="col">Recipient</th>') == 2
    assert '<th scope="row">First Call Group</th>' in html
    assert '<th scope="row">Second Call Group</th>' in html


def test_conditions_are_summarised_one_by_one(client, grants_page, open_call, manager):
    award_grant(
        open_call,
        manager,
        conditions="<p>Report every quarter.</p><p>Credit the fund in publicity.</p>",
    )

    html = page_html(client, grants_page)

    assert "<li>Report every quarter.</li>" in html
    assert "<li>Credit the fund in publicity.</li>" in html


def test_a_grant_without_a_published_reason_says_so(client, grants_page, open_call, manager):
    award_grant(open_call, manager, reason="")
    assert "Not recorded yet." in text_of(page_html(client, grants_page))


def test_offered_accepted_paid_and_completed_grants_are_published(
    client, grants_page, open_call, manager, finance
):
    award_grant(open_call, manager, organisation_name="Offered Org", amount="1000")
    accept(award_grant(open_call, manager, organisation_name="Accepted Org", amount="1000"))
    pay_in_full(
        award_grant(open_call, manager, organisation_name="Paid Org", amount="1000"), finance
    )
    completed = pay_in_full(
        award_grant(open_call, manager, organisation_name="Completed Org", amount="1000"), finance
    )
    award_complete(award=completed, note="Reported on paper.", by=finance)

    text = text_of(page_html(client, grants_page))

    for name in ("Offered Org", "Accepted Org", "Paid Org", "Completed Org"):
        assert name in text
    assert "£4,000.00" in text  # the call's total


def test_withdrawn_and_declined_awards_and_unfunded_applications_are_never_published(
    client, grants_page, open_call, manager
):
    award_grant(open_call, manager, organisation_name="Published Org")
    withdrawn = award_grant(open_call, manager, organisation_name="Withdrawn Award Org")
    award_withdraw(award=withdrawn, reason="The project cannot start.", by=manager)
    declined = award_grant(open_call, manager, organisation_name="Declined Offer Org")
    award_decline_by_applicant(award=declined, reason="Other funding.", by=None)
    unsuccessful = ApplicationFactory(
        page=open_call, status="reviewed", organisation_name="Unsuccessful Org"
    )
    application_decline(
        early_reason="Decided early in a test.",
        application=unsuccessful,
        reason="score",
        feedback="Outcomes unclear.",
        by=manager,
    )
    ApplicationFactory(page=open_call, status="withdrawn", organisation_name="Withdrawn Bid Org")
    ApplicationFactory(page=open_call, status="in_review", organisation_name="Undecided Org")

    text = text_of(page_html(client, grants_page))

    assert "Published Org" in text
    for hidden in (
        "Withdrawn Award Org",
        "Declined Offer Org",
        "Unsuccessful Org",
        "Withdrawn Bid Org",
        "Undecided Org",
    ):
        assert hidden not in text
    assert [g.recipient_name for g in published_grants()] == ["Published Org"]


def test_nothing_personal_is_published(client, grants_page, open_call, manager, publisher):
    accept(award_grant(open_call, manager))

    html = page_html(client, grants_page)

    for value in [*PERSONAL.values(), "Halifax", ACCEPTED_BY, manager.username]:
        assert value not in html
    assert manager.email not in html


def test_the_query_never_reads_personal_columns(grants_page, open_call, manager):
    award_grant(open_call, manager)

    with CaptureQueriesContext(connection) as queries:
        grants = published_grants_by_fund()

    sql = " ".join(q["sql"] for q in queries.captured_queries)
    for column in (
        "contact_name",
        "contact_email",
        "contact_phone",
        "address",
        "postcode",
        "accepted_name",
        "form_data",
    ):
        assert column not in sql
    grant = grants[0].calls[0].grants[0]
    assert isinstance(grant, PublishedGrant)
    assert not any(hasattr(grant, field) for field in PERSONAL)


def test_the_page_links_to_the_360giving_files(client, grants_page, open_call, manager, publisher):
    award_grant(open_call, manager)

    html = page_html(client, grants_page)

    assert 'href="/open-data/360giving.json"' in html
    assert 'href="/open-data/360giving.csv"' in html
    assert 'href="/open-data/360giving.xlsx"' in html
    assert "Open Government Licence v3.0" in html


def test_without_the_funders_360giving_identifiers_there_are_no_file_links(
    client, grants_page, open_call, manager
):
    award_grant(open_call, manager, organisation_name="Still Listed Org")

    html = page_html(client, grants_page)

    assert "Still Listed Org" in html
    assert "/open-data/360giving" not in html


def test_before_any_grant_the_page_says_so(client, grants_page, open_call, publisher):
    html = page_html(client, grants_page)
    assert "No grants have been awarded yet." in html
    assert "<table" not in html
    assert "/open-data/360giving" not in html


def test_the_page_costs_the_same_queries_however_many_grants(
    client, grants_page, fund_page, open_call, manager, publisher, django_assert_max_num_queries
):
    award_grant(open_call, manager)
    page_html(client, grants_page)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as one:
        page_html(client, grants_page)

    second = make_call(fund_page, slug="second", title="Supporting survivors")
    for number in range(4):
        award_grant(open_call, manager, amount="1000", organisation_name=f"Org {number}")
        award_grant(second, manager, amount="1000", organisation_name=f"Other {number}")

    with django_assert_max_num_queries(len(one.captured_queries)):
        text = text_of(page_html(client, grants_page))
    assert "Other 3" in text
