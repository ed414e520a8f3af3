"""Copying and moving funds and calls through the page editor."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageLogEntry

from fund.applications.models import Application
from fund.awards.models.awards import Award
from fund.calls.models import CallPage, FundPage
from tests.calls.page_actions.helpers import messages_of, records
from tests.factories.calls import make_call

pytestmark = pytest.mark.django_db


def test_copying_a_fund_with_its_calls_copies_no_commitment_and_no_applications(
    client, manager, home_page, fund_page, open_call, held
):
    fund_page.refresh_from_db()
    assert fund_page.committed == Decimal("1500.00")
    client.force_login(manager)

    response = client.post(
        f"/admin/pages/{fund_page.pk}/copy/",
        {
            "new_title": "Safer Communities Fund 2027-28",
            "new_slug": "fund-2027",
            "new_parent_page": home_page.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
        },
    )

    assert response.status_code == 302
    copy = FundPage.objects.get(slug="fund-2027")
    assert copy.committed == Decimal("0.00")
    assert copy.total_budget == fund_page.total_budget
    assert not copy.ledger_entries.exists() and not copy.awards.exists()
    assert copy.get_latest_revision().content["committed"] == "0.00"
    assert copy.get_latest_revision_as_object().committed == Decimal("0.00")
    copied_call = CallPage.objects.child_of(copy).get()
    assert copied_call.criteria.count() == open_call.criteria.count()
    assert not Application.objects.filter(page=copied_call).exists()
    fund_page.refresh_from_db()
    assert fund_page.committed == Decimal("1500.00")
    assert Application.objects.filter(page=open_call).count() == 3


def test_copying_a_call_to_another_fund_copies_no_applications(
    client, manager, fund_page, open_call, held, other_fund
):
    client.force_login(manager)

    response = client.post(
        f"/admin/pages/{open_call.pk}/copy/",
        {
            "new_title": "Modern slavery again",
            "new_slug": "again",
            "new_parent_page": other_fund.pk,
        },
    )

    assert response.status_code == 302
    copy = CallPage.objects.get(slug="again")
    assert copy.get_parent().pk == other_fund.pk
    assert not Application.objects.filter(page=copy).exists()
    assert Application.objects.filter(page=open_call).count() == 3
    assert FundPage.objects.get(pk=other_fund.pk).committed == Decimal("0.00")


def test_a_fund_or_call_cannot_be_copied_as_an_alias(
    client, manager, home_page, fund_page, open_call, held
):
    client.force_login(manager)
    before, logged = records(), PageLogEntry.objects.count()

    response = client.post(
        f"/admin/pages/{fund_page.pk}/copy/",
        {
            "new_title": "Alias",
            "new_slug": "alias",
            "new_parent_page": home_page.pk,
            "copy_subpages": "on",
            "alias": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{fund_page.pk}/copy/"
    assert messages_of(response)[0].startswith("Funds and calls cannot be copied as aliases")
    assert records() == before
    assert PageLogEntry.objects.count() == logged
    with pytest.raises(ValidationError):
        CallPage.objects.get(pk=open_call.pk).create_alias(update_slug="alias")
    assert records() == before


def test_moving_a_call_with_applications_to_another_fund_is_refused(
    client, manager, fund_page, open_call, held, other_fund
):
    client.force_login(manager)
    before, logged = records(), PageLogEntry.objects.count()
    url = f"/admin/pages/{open_call.pk}/move/{other_fund.pk}/confirm/"

    for send in (client.get, client.post):
        response = send(url, follow=True)

        assert response.redirect_chain == [(f"/admin/pages/{open_call.pk}/edit/", 302)]
        assert (
            "This call has 2 applications, 1 draft application, 1 award and 1 budget ledger "
            "entry, so it cannot be moved to another fund: they belong to the fund it was "
            "opened under. To run the call again under another fund, copy it there instead."
        ) in response.content.decode()

    assert CallPage.objects.get(pk=open_call.pk).get_parent().pk == fund_page.pk
    assert Award.objects.get().fund_id == fund_page.pk
    assert records() == before
    assert PageLogEntry.objects.count() == logged


def test_bulk_moving_a_call_with_applications_is_refused(
    client, manager, fund_page, open_call, held, other_fund
):
    empty_call = make_call(fund_page, slug="empty", title="Knife crime")
    client.force_login(manager)
    logged = PageLogEntry.objects.count()
    listing = f"/admin/pages/{fund_page.pk}/"
    url = f"/admin/bulk/wagtailcore/page/move/?id={open_call.pk}&id={empty_call.pk}&next={listing}"

    response = client.post(url, {"chooser": other_fund.pk})

    assert response.status_code == 302
    assert response["Location"] == listing
    refusals = messages_of(response)
    assert refusals[0].startswith("“Tackling modern slavery”: This call has 2 applications")
    assert refusals[-1] == "None of the selected pages was moved."
    assert [page.pk for page in CallPage.objects.child_of(fund_page)] == [
        open_call.pk,
        empty_call.pk,
    ]
    assert PageLogEntry.objects.count() == logged

    # A call that holds nothing can still be moved.
    client.post(
        f"/admin/bulk/wagtailcore/page/move/?id={empty_call.pk}", {"chooser": other_fund.pk}
    )
    assert CallPage.objects.get(pk=empty_call.pk).get_parent().pk == other_fund.pk


def test_moving_a_call_with_applications_in_code_raises_and_moves_nothing(
    fund_page, open_call, held, other_fund
):
    call = CallPage.objects.get(pk=open_call.pk)
    sibling_there = make_call(other_fund, slug="there")

    with pytest.raises(ValidationError, match="cannot be moved to another fund"):
        call.move(other_fund, pos="last-child")
    with pytest.raises(ValidationError, match="cannot be moved to another fund"):
        call.move(sibling_there, pos="left")

    assert CallPage.objects.get(pk=call.pk).get_parent().pk == fund_page.pk
