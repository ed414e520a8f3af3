"""Every Wagtail page action on funds and calls, through the page editor as a
fund manager (or an administrator where only one may act) and through the
model: nothing the fund holds is deleted, copied, moved or wound back with a
page, and a refusal says why on the page the editor comes back to."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import Client
from wagtail.models import Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text

from fund.applications.models import Application
from fund.awards.models.awards import Award, BudgetEntry
from fund.calls.models import CallPage, FundPage
from tests.factories import ApplicationFactory, AwardFactory, UserFactory
from tests.factories.calls import make_call

pytestmark = pytest.mark.django_db

REFUSED_CALL_DELETE = (
    "This call has 2 applications, 1 draft application, 1 award and 1 budget ledger entry, "
    "so it cannot be deleted: the fund must keep them. Unpublish the call to close it instead."
)


# --- the fund's records --------------------------------------------------------


@pytest.fixture
def held(open_call, manager):
    """The call holds a submitted application, a draft and an award of £1,500."""
    ApplicationFactory(page=open_call)
    ApplicationFactory(page=open_call, status="draft", reference=None, submitted_at=None)
    return AwardFactory(
        call=open_call, by=manager, amount="1500", application__amount_requested=Decimal("2500")
    )


@pytest.fixture
def other_fund(home_page):
    return home_page.add_child(
        instance=FundPage(
            title="Safer Streets 2027-28",
            slug="fund-2027",
            total_budget=Decimal("20000.00"),
            funding_source="Home Office",
            financial_year="2027-28",
            reference_prefix="SSF",
        )
    )


@pytest.fixture
def administrator(db):
    return UserFactory(is_superuser=True, is_staff=True)


def records():
    return (
        Application.objects.count(),
        Award.objects.count(),
        BudgetEntry.objects.count(),
        Page.objects.count(),
    )


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def fund_form(fund, **changes):
    return nested_form_data(
        {
            "title": fund.title,
            "slug": fund.slug,
            "introduction": rich_text(""),
            "total_budget": str(fund.total_budget),
            "financial_year": fund.financial_year,
            "funding_source": fund.funding_source,
            "reference_prefix": fund.reference_prefix,
            "default_conditions": rich_text(""),
            "action-publish": "publish",
            **changes,
        }
    )


# --- delete --------------------------------------------------------------------


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


# --- copy ----------------------------------------------------------------------


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


# --- move ----------------------------------------------------------------------


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


# --- the budget in the page editor ---------------------------------------------


def test_a_total_budget_below_what_is_committed_is_refused_with_the_figures(
    client, manager, fund_page, open_call, held
):
    client.force_login(manager)
    url = f"/admin/pages/{fund_page.pk}/edit/"

    response = client.post(url, fund_form(fund_page, total_budget="1000.00"))

    assert response.status_code == 200
    assert (
        "The total budget cannot be less than the £1,500.00 already committed to awards. "
        "Enter a total of at least £1,500.00."
    ) in response.content.decode()
    assert FundPage.objects.get(pk=fund_page.pk).total_budget == Decimal("50000.00")

    response = client.post(url, fund_form(fund_page, total_budget="1500.00"))
    assert response.status_code == 302
    assert FundPage.objects.get(pk=fund_page.pk).total_budget == Decimal("1500.00")


def test_the_budget_check_reads_what_is_committed_now_and_the_database_has_the_last_word(
    fund_page, open_call, manager
):
    stale = FundPage.objects.get(pk=fund_page.pk)  # read before the award
    AwardFactory(
        call=open_call, by=manager, amount="1500", application__amount_requested=Decimal("2500")
    )
    stale.total_budget = Decimal("1000.00")

    with pytest.raises(ValidationError, match="£1,500.00 already committed"):
        stale.full_clean()
    # A save that skips the check (or races an award made after it) is
    # refused by the CHECK constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        stale.save(clean=False)

    fund = FundPage.objects.get(pk=fund_page.pk)
    assert (fund.total_budget, fund.committed) == (Decimal("50000.00"), Decimal("1500.00"))


# --- revert and unpublish ------------------------------------------------------


def test_reverting_a_fund_to_an_old_revision_does_not_wind_back_what_is_committed(
    client, manager, fund_page, open_call
):
    first = FundPage.objects.get(pk=fund_page.pk).save_revision()  # nothing committed
    first.publish()
    AwardFactory(
        call=open_call, by=manager, amount="1500", application__amount_requested=Decimal("2500")
    )
    client.force_login(manager)
    url = f"/admin/pages/{fund_page.pk}/revisions/{first.pk}/revert/"

    assert client.get(url).status_code == 200
    response = client.post(url, fund_form(fund_page, total_budget="45000.00"))

    assert response.status_code == 302
    fund = FundPage.objects.get(pk=fund_page.pk)
    assert fund.total_budget == Decimal("45000.00")
    assert fund.committed == Decimal("1500.00")
    assert fund.get_latest_revision_as_object().committed == Decimal("1500.00")
    assert PageLogEntry.objects.filter(page=fund, action="wagtail.revert").exists()


def test_unpublishing_a_call_keeps_its_applications_and_awards(client, manager, open_call, held):
    client.force_login(manager)

    response = client.post(f"/admin/pages/{open_call.pk}/unpublish/")

    assert response.status_code == 302
    call = CallPage.objects.get(pk=open_call.pk)
    assert not call.live
    assert Application.objects.filter(page=call).count() == 3
    assert Award.objects.get().application.page_id == call.pk
