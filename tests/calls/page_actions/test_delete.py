"""Deleting funds and calls through the page editor: refused while they hold
the fund's records."""

import pytest
from django.db import transaction
from django.db.models import ProtectedError
from django.test import Client
from wagtail.models import Page, PageLogEntry

from fund.calls.models import CallPage, FundPage
from tests.calls.page_actions.helpers import messages_of, records
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call

pytestmark = pytest.mark.django_db


REFUSED_CALL_DELETE = (
    "This call has 2 applications, 1 draft application, 1 award and 1 budget ledger entry, "
    "so it cannot be deleted: the fund must keep them. Unpublish the call to close it instead."
)


def test_deleting_a_call_with_applications_is_refused_in_the_editor_and_nothing_is_logged(
    client, manager, open_call, held
):
    client.force_login(manager)
    before, logged = records(), PageLogEntry.objects.count()
    edit_url = f"/admin/pages/{open_call.pk}/edit/"

    for send in (client.get, client.post):
        response = send(f"/admin/pages/{open_call.pk}/delete/", follow=True)

        # The editor reads why on the page they come back to.
        assert response.redirect_chain == [(edit_url, 302)]
        assert REFUSED_CALL_DELETE in response.content.decode()

    assert records() == before
    assert PageLogEntry.objects.count() == logged


def test_deleting_a_fund_whose_calls_have_applications_is_refused(
    client, manager, administrator, fund_page, open_call, held
):
    # Wagtail lets only those who may bulk-delete remove a page with subpages.
    client.force_login(manager)
    response = client.get(f"/admin/pages/{fund_page.pk}/delete/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    client = Client()
    client.force_login(administrator)
    before, logged = records(), PageLogEntry.objects.count()
    explorer = f"/admin/pages/{fund_page.get_parent().pk}/"

    response = client.post(f"/admin/pages/{fund_page.pk}/delete/?next={explorer}")

    assert response.status_code == 302
    assert response["Location"] == explorer
    assert messages_of(response) == [
        "This fund has 2 applications, 1 draft application, 1 award and 1 budget ledger "
        "entry, so it cannot be deleted: the fund must keep them. Unpublish the fund to "
        "close it instead."
    ]
    assert records() == before
    assert PageLogEntry.objects.count() == logged


def test_bulk_deleting_a_call_with_applications_is_refused(
    client, manager, fund_page, open_call, held
):
    empty_call = make_call(fund_page, slug="empty", title="Knife crime")
    client.force_login(manager)
    before, logged = records(), PageLogEntry.objects.count()
    url = f"/admin/bulk/wagtailcore/page/delete/?id={open_call.pk}&id={empty_call.pk}"

    # Wagtail's own check of what refers to the selected pages (PROTECT) is
    # first: the confirmation says so and offers no delete button.
    confirm = client.get(url).content.decode()
    client.post(url)

    assert "prevent it from being deleted" in confirm
    assert "Yes, delete" not in confirm
    assert records() == before
    assert PageLogEntry.objects.count() == logged

    # A call that holds nothing can still be deleted.
    response = client.post(f"/admin/bulk/wagtailcore/page/delete/?id={empty_call.pk}")
    assert response.status_code == 302
    assert not CallPage.objects.filter(pk=empty_call.pk).exists()
    assert CallPage.objects.filter(pk=open_call.pk).exists()


def test_bulk_deleting_a_fund_whose_calls_have_applications_is_refused_with_the_reason(
    client, administrator, home_page, other_fund
):
    # Nothing refers to the fund itself, so only the fund's guard sees what
    # its calls hold.
    call = make_call(other_fund, slug="streets")
    ApplicationFactory(page=call)
    ApplicationFactory(page=call, status="draft", reference=None, submitted_at=None)
    client.force_login(administrator)
    before, logged = records(), PageLogEntry.objects.count()
    listing = f"/admin/pages/{home_page.pk}/"

    response = client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={other_fund.pk}&next={listing}"
    )

    assert response.status_code == 302
    assert response["Location"] == listing
    assert messages_of(response) == [
        "“Safer Streets 2027-28”: This fund has 1 application and 1 draft application, so it "
        "cannot be deleted: the fund must keep them. Unpublish the fund to close it instead.",
        "None of the selected pages was deleted.",
    ]
    assert records() == before
    assert PageLogEntry.objects.count() == logged


def test_deleting_a_call_or_fund_in_code_raises_and_deletes_nothing(fund_page, open_call, held):
    before = records()
    fund_children = Page.objects.get(pk=fund_page.pk).numchild
    home_children = Page.objects.get(pk=fund_page.get_parent().pk).numchild

    with pytest.raises(ProtectedError, match="This call has 2 applications"):
        CallPage.objects.get(pk=open_call.pk).delete()
    with pytest.raises(ProtectedError, match="This fund has 2 applications"):
        FundPage.objects.get(pk=fund_page.pk).delete()
    # Through the generic page (as a bulk action holds it), PROTECT has the
    # last word; treebeard's delete of the descendants is undone with it.
    with pytest.raises(ProtectedError), transaction.atomic():
        Page.objects.get(pk=fund_page.pk).delete()

    assert records() == before
    assert Page.objects.get(pk=fund_page.pk).numchild == fund_children
    assert Page.objects.get(pk=fund_page.get_parent().pk).numchild == home_children
