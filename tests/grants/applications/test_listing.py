"""Staff read applications in the Wagtail admin: the Grants menu and the
Applications listing, its filters, search and cost."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, UserFactory
from tests.factories.calls import london, make_call
from tests.grants.applications.helpers import LOGIN_URL, STAFF_ROLES, make_draft
from tests.support.pages import assert_refused, page_text, sidebar_menu

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_grants_menu_offers_applications_to_each_staff_role(client, staff):
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert ("Applications", reverse("applications:index")) in sidebar_menu(response, "Grants")


@pytest.mark.parametrize("staff", STAFF_ROLES, indirect=True)
def test_listing_shows_each_application_to_each_staff_role(client, staff, open_call):
    application = ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0042",
        organisation_name="Aire Valley Freedom Project",
        amount_requested=Decimal("3750.00"),
        status="eligible",
    )
    client.force_login(staff)

    response = client.get(reverse("applications:index"))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0042" in page
    assert "Aire Valley Freedom Project" in page
    assert "Tackling modern slavery" in page
    assert "£3,750.00" in page  # money, as money
    assert "Eligible" in page
    for heading in ["Reference", "Call", "Amount requested", "Status", "Submitted"]:
        assert heading in page, heading
    assert reverse("applications:inspect", args=[application.pk]) in page


def test_listing_shows_the_date_and_time_an_application_was_submitted(client, manager, open_call):
    ApplicationFactory(page=open_call, submitted_at=london(2026, 3, 5, 14, 30))
    client.force_login(manager)

    response = client.get(reverse("applications:index"))

    # A human date ("3 months ago") with the full date and time as its tooltip.
    assert "5 Mar 2026, 2:30 p.m." in page_text(response)


def test_panel_member_cannot_see_the_listing(client, panel_member, open_call):
    ApplicationFactory(
        page=open_call, reference="SCF-2026-0042", organisation_name="Aire Valley Freedom Project"
    )
    client.force_login(panel_member)

    response = client.get(reverse("applications:index"))

    assert_refused(response)
    assert "Aire Valley Freedom Project" not in page_text(response)
    export = client.get(reverse("applications:index"), {"export": "csv"})
    assert_refused(export)


def test_grants_menu_does_not_offer_applications_to_a_panel_member(client, panel_member):
    client.force_login(panel_member)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Applications" not in [label for label, _url in sidebar_menu(response, "Grants")]
    assert reverse("applications:index") not in [
        url for _label, url in sidebar_menu(response, "Grants")
    ]


def test_anonymous_visitor_is_sent_to_the_admin_login(client, open_call):
    ApplicationFactory(page=open_call, organisation_name="Aire Valley Freedom Project")

    response = client.get(reverse("applications:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert "Aire Valley Freedom Project" not in page_text(response)


def test_user_without_a_role_cannot_see_the_listing(client, open_call):
    ApplicationFactory(
        page=open_call, reference="SCF-2026-0042", organisation_name="Aire Valley Freedom Project"
    )
    client.force_login(UserFactory())

    response = client.get(reverse("applications:index"))

    assert response.status_code in {302, 403}
    page = page_text(response)
    assert "SCF-2026-0042" not in page
    assert "Aire Valley Freedom Project" not in page


def test_listing_filtered_by_call_shows_only_that_calls_applications(
    client, manager, fund_page, open_call
):
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    ApplicationFactory(page=open_call, organisation_name="Slavery Survivors Trust")
    ApplicationFactory(page=other_call, organisation_name="Youth Diversion Club")
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"page": other_call.pk})

    assert response.status_code == 200
    page = page_text(response)
    assert "Youth Diversion Club" in page
    assert "Slavery Survivors Trust" not in page


def test_listing_filtered_by_status_shows_only_that_status(client, manager, open_call):
    ApplicationFactory(page=open_call, organisation_name="Still Submitted Trust")
    ApplicationFactory(page=open_call, organisation_name="Found Eligible Group", status="eligible")
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"status": "submitted"})

    assert response.status_code == 200
    page = page_text(response)
    assert "Still Submitted Trust" in page
    assert "Found Eligible Group" not in page


@pytest.mark.parametrize(
    "query",
    ["SCF-2026-0777", "scf-2026-0777", "Riverside", "riverside women", "hello@riverside.example"],
)
def test_listing_search_finds_by_reference_organisation_and_contact_email(
    client, manager, open_call, query
):
    ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0777",
        organisation_name="Riverside Women's Refuge",
        contact_email="hello@riverside.example",
    )
    ApplicationFactory(
        page=open_call,
        reference="SCF-2026-0888",
        organisation_name="Hilltop Youth Club",
        contact_email="info@hilltop.example",
    )
    client.force_login(manager)

    response = client.get(reverse("applications:index"), {"q": query})

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0777" in page
    assert "Riverside Women's Refuge" in page
    assert "SCF-2026-0888" not in page
    assert "Hilltop Youth Club" not in page


def test_drafts_are_never_listed(client, manager, open_call):
    ApplicationFactory(page=open_call, organisation_name="Sent Trust")
    make_draft(open_call, organisation_name="Half Written Draft Group")
    client.force_login(manager)

    for params in [{}, {"status": "draft"}, {"q": "Half Written"}, {"page": open_call.pk}]:
        response = client.get(reverse("applications:index"), params)

        assert response.status_code == 200, params
        assert "Half Written Draft Group" not in page_text(response), params


def test_a_draft_cannot_be_inspected(client, manager, open_call):
    draft = make_draft(open_call, organisation_name="Half Written Draft Group")
    client.force_login(manager)

    response = client.get(reverse("applications:inspect", args=[draft.pk]))

    assert response.status_code == 404
    assert "Half Written Draft Group" not in page_text(response)


def test_listing_costs_the_same_queries_for_fifty_applications_as_for_five(
    client, manager, fund_page, open_call, django_assert_max_num_queries
):
    other_call = make_call(fund_page, slug="youth", title="Youth diversion")
    for number in range(5):
        ApplicationFactory(page=open_call if number % 2 else other_call)
    client.force_login(manager)
    url = reverse("applications:index")
    client.get(url)  # warm caches (site, content types) so both counts compare like for like

    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 5

    for number in range(45):
        ApplicationFactory(page=open_call if number % 2 else other_call)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 50
