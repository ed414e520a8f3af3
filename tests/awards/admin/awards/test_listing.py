"""The awards listing in the Wagtail admin: its columns, filters, search and
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund.awards.services.lifecycle import award_accept, award_withdraw
from fund.awards.services.payments import payment_record
from tests.awards.admin.awards.helpers import TODAY, inspect_url
from tests.factories.calls import make_call
from tests.support.banking import bank_details_approved
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def test_the_listing_shows_each_award_with_what_has_been_paid(client, finance, manager, accepted):
    payment_record(
        award=accepted, paid_on=TODAY(), amount="1500", bacs_reference="SCF0601A", by=finance
    )
    client.force_login(finance)

    response = client.get(reverse("awards:index"))

    assert response.status_code == 200
    page = page_text(response)
    for text in [
        "SCF-2026-0601",
        "Calder Safe Homes",
        "Tackling modern slavery",
        "£4,000.00",
        "£1,500.00",
        "Accepted",
        "Paid to date",
        "Decided",
    ]:
        assert text in page, text
    assert inspect_url(accepted) in page


def test_the_listing_filters_by_call_and_status_and_searches(
    client, finance, fund_page, make_award
):
    youth = make_call(fund_page, slug="youth", title="Youth diversion")
    first = make_award("1000", reference="SCF-2026-0701", organisation_name="Leeds Light")
    second = make_award(
        "2000", page=youth, reference="SCF-2026-0702", organisation_name="Bradford Bridge"
    )
    award_withdraw(award=second, reason="Duplicate funding", by=first.decided_by)
    client.force_login(finance)
    index = reverse("awards:index")

    def references(**params):
        response = client.get(index, params)
        assert response.status_code == 200
        return {award.reference for award in response.context["object_list"]}

    assert references() == {"SCF-2026-0701", "SCF-2026-0702"}
    assert references(call=youth.pk) == {"SCF-2026-0702"}
    assert references(status="withdrawn") == {"SCF-2026-0702"}
    assert references(status="offered") == {"SCF-2026-0701"}
    assert references(q="bradford") == {"SCF-2026-0702"}
    assert references(q="0701") == {"SCF-2026-0701"}
    assert client.get(index, {"ordering": "-paid"}).status_code == 200
    response = client.get(index, {"ordering": "-amount"})
    assert [award.reference for award in response.context["object_list"]] == [
        "SCF-2026-0702",
        "SCF-2026-0701",
    ]


def test_the_listing_filtered_by_call_offers_its_letters_as_a_zip(client, finance, award):
    call_id = award.application.page_id
    zip_url = reverse("awards:call_letters", args=[call_id])
    client.force_login(finance)

    assert zip_url not in page_text(client.get(reverse("awards:index")))
    page = page_text(client.get(reverse("awards:index"), {"call": call_id}))
    assert zip_url in page
    assert "Download the current letters of Tackling modern slavery (ZIP)" in page
    results = page_text(client.get(reverse("awards:index_results"), {"call": call_id}))
    assert zip_url in results  # the button follows the filter as it changes


def test_the_listing_costs_the_same_queries_for_eight_awards_as_for_two(
    client, finance, make_award, django_assert_max_num_queries
):
    def add_awards(count):
        for _ in range(count):
            award = make_award("1000")
            award_accept(award=award, name="A Person", position="Chair", by=None)
            bank_details_approved(award)
            payment_record(
                award=award, paid_on=TODAY(), amount="250", bacs_reference="REF", by=finance
            )

    add_awards(2)
    client.force_login(finance)
    url = reverse("awards:index")
    client.get(url)  # warm caches (site, content types) so both counts compare like for like

    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    assert len(response.context["object_list"]) == 2

    add_awards(6)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert len(response.context["object_list"]) == 8
    assert page_text(response).count("£250.00") == 8
