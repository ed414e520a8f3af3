"""The page tree: Home > Fund > Call, and what each page shows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fund.applications.models import Application
from fund.calls.models import CallPage, FundPage
from fund.opendata.pages import GrantsAwardedPage, OutcomesPage
from home.models import HomePage, StandardPage
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.support.editing import call_editor_data

pytestmark = pytest.mark.django_db


def test_a_fund_lives_under_the_home_page_and_a_call_under_a_fund():
    assert FundPage.allowed_parent_page_models() == [HomePage]
    assert CallPage.allowed_parent_page_models() == [FundPage]
    assert CallPage.allowed_subpage_models() == []
    assert set(HomePage.allowed_subpage_models()) == {
        FundPage,
        GrantsAwardedPage,
        OutcomesPage,
        StandardPage,
    }


def test_a_call_cannot_be_made_anywhere_but_under_a_fund(home_page, fund_page):
    assert CallPage.can_create_at(fund_page)
    assert not CallPage.can_create_at(home_page)
    assert not FundPage.can_create_at(fund_page)
    assert FundPage.can_create_at(home_page)


def test_home_page_lists_open_calls_with_closing_dates_and_not_closed_or_future_ones(
    client, fund_page
):
    now = timezone.now()
    make_call(
        fund_page,
        slug="open",
        title="Open call",
        closes_at=timezone.make_aware(dt.datetime(now.year + 1, 1, 15, 12, 0)),
    )
    make_call(
        fund_page,
        slug="closed",
        title="Closed call",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=1),
    )
    make_call(
        fund_page,
        slug="future",
        title="Future call",
        opens_at=now + dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=50),
    )

    page = client.get("/").content.decode()

    assert "Open call" in page
    assert f"Closes midday on 15 January {now.year + 1}" in page
    assert "Closed call" not in page
    assert "Future call" not in page


def test_home_page_says_so_when_no_call_is_open(client, home_page):
    assert "There are no calls for bids open at the moment." in client.get("/").content.decode()


def test_fund_page_shows_its_budget_and_source(client, fund_page):
    page = client.get(fund_page.url).content.decode()
    assert "£50,000.00" in page
    assert "Proceeds of Crime Act 2002" in page


def test_call_page_shows_dates_and_award_range(client, open_call):
    page = client.get(open_call.url).content.decode()
    assert "£500.00 to £5,000.00" in page
    assert "Closes" in page


def test_footer_shows_the_funder_settings(client, home_page):
    page = client.get("/").content.decode()
    assert "Test Commissioner" in page
    assert "grants@example.org" in page


def test_a_call_must_close_after_it_opens_and_max_at_least_min(fund_page):
    now = timezone.now()
    call = CallPage(
        title="Bad",
        slug="bad",
        opens_at=now,
        closes_at=now - dt.timedelta(days=1),
        minimum_award=Decimal("5000"),
        maximum_award=Decimal("500"),
    )
    with pytest.raises(ValidationError) as error:
        call.clean()
    assert "The closing time must be after the opening time." in str(error.value)
    assert "The maximum award must be at least the minimum award." in str(error.value)


def test_reference_prefix_is_letters_only(home_page):
    fund = FundPage(title="F", slug="f", reference_prefix="SC-1")
    with pytest.raises(ValidationError) as error:
        fund.clean()
    assert "Use letters only in the reference prefix" in str(error.value)


def test_fund_managers_can_edit_fund_and_call_pages_and_others_cannot(
    client, manager, finance, panel_member, open_call
):
    edit_url = f"/admin/pages/{open_call.pk}/edit/"
    client.force_login(manager)
    assert client.get(edit_url).status_code == 200
    for user in (finance, panel_member):
        client.force_login(user)
        assert client.get(edit_url).status_code in (302, 403)


def test_fund_manager_can_add_a_question_to_a_call_in_the_page_editor(client, manager, open_call):
    client.force_login(manager)
    data = call_editor_data(
        open_call,
        questions=[
            {"label": "How many volunteers?", "field_type": "number", "required": "on"},
            {"label": "Safeguarding policy", "field_type": "file", "required": ""},
        ],
    )
    response = client.post(f"/admin/pages/{open_call.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    labels = list(
        CallPage.objects.get(pk=open_call.pk).form_fields.values_list("label", "field_type")
    )
    assert ("How many volunteers?", "number") in labels
    assert ("Safeguarding policy", "file") in labels
    page = client.get(open_call.url).content.decode()
    assert "How many volunteers?" in page
    assert 'type="file" name="q_safeguarding_policy"' in page


def test_wagtails_generic_form_submission_views_cannot_delete_applications(
    client, manager, open_call
):

    application = ApplicationFactory(page=open_call)
    client.force_login(manager)

    listing = client.get(f"/admin/forms/submissions/{open_call.pk}/")
    delete = client.post(
        f"/admin/forms/submissions/{open_call.pk}/delete/?selected-submissions={application.pk}"
    )

    assert listing.status_code in (302, 403)
    assert delete.status_code in (302, 403)
    assert Application.objects.filter(pk=application.pk).exists()
    assert 'href="/admin/forms/"' not in client.get("/admin/").content.decode()


def test_call_editor_links_to_the_calls_applications(client, manager, open_call):

    ApplicationFactory(page=open_call)
    client.force_login(manager)

    page = client.get(f"/admin/pages/{open_call.pk}/edit/").content.decode()

    assert "This call has 1 application." in page
    assert f"/admin/applications/?page={open_call.pk}" in page
