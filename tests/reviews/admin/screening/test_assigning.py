"""Assigning the grant panel to applications: one at a time, or several from
the listing."""

import pytest
from django.urls import reverse

from fund.reviews.models import ReviewAssignment
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory
from tests.reviews.admin.screening.helpers import assign_url, inspect_url
from tests.support.pages import assert_refused, page_text

pytestmark = pytest.mark.django_db


BULK_URL = "/admin/bulk/fund/application/assign_reviewers/"


def test_assign_offers_the_active_grant_panel_not_yet_assigned(
    client, manager, finance, panel, eligible
):
    priya, tom = panel("Priya", "Shah"), panel("Tom", "Okafor")
    former = panel("Former", "Member", is_active=False)
    reviewer_assign(application=eligible, reviewer=tom, by=manager)
    client.force_login(manager)

    response = client.get(assign_url(eligible))

    page = page_text(response)
    assert f'name="reviewers" value="{priya.pk}"' in page
    assert "Priya Shah" in page
    for user in [tom, former, finance, manager]:
        assert f'name="reviewers" value="{user.pk}"' not in page
    assert "Former Member" not in page
    assert "Tom Okafor: Not started" in page  # listed as already assigned


def test_assigning_reviewers_puts_the_application_in_review(client, manager, panel, eligible):
    priya, tom = panel("Priya", "Shah"), panel("Tom", "Okafor")
    client.force_login(manager)

    response = client.post(assign_url(eligible), {"reviewers": [priya.pk, tom.pk]})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(eligible)
    eligible.refresh_from_db()
    assert eligible.status == "in_review"
    assert set(eligible.assignments.values_list("reviewer", flat=True)) == {priya.pk, tom.pk}
    page = page_text(client.get(response["Location"]))
    assert "Priya Shah, Tom Okafor are assigned to review SCF-2026-0101" in page


def test_assigning_a_non_eligible_application_is_refused_with_the_services_message(
    client, manager, panel, application
):
    priya = panel("Priya", "Shah")
    client.force_login(manager)

    response = client.post(assign_url(application), {"reviewers": [priya.pk]})

    assert response.status_code == 200
    assert (
        "SCF-2026-0101 is not eligible for review. Screen it as eligible before you assign "
        "the panel." in page_text(response)
    )
    assert not ReviewAssignment.objects.exists()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_assigning_nobody_is_refused(client, manager, panel, eligible):
    panel("Priya", "Shah")
    client.force_login(manager)

    response = client.post(assign_url(eligible), {})

    assert response.status_code == 200
    assert "Choose at least one panel member to assign." in page_text(response)
    assert not ReviewAssignment.objects.exists()


def test_listing_offers_bulk_assignment_to_fund_managers_only(
    client, manager, finance, application
):
    client.force_login(manager)
    page = page_text(client.get(reverse("applications:index")))

    assert BULK_URL in page
    assert "wagtailadmin/js/bulk-actions.js" in page
    assert "data-bulk-action-checkbox" in page
    assert f'data-object-id="{application.pk}"' in page
    # each checkbox is described by the application's reference
    assert f'aria-describedby="application_{application.pk}_title"' in page
    assert f'<span id="application_{application.pk}_title">SCF-2026-0101</span>' in page

    client.force_login(finance)
    page = page_text(client.get(reverse("applications:index")))

    assert BULK_URL not in page
    assert "wagtailadmin/js/bulk-actions.js" not in page
    assert "data-bulk-action-checkbox" not in page


def test_bulk_assignment_assigns_every_chosen_member_to_every_chosen_application(
    client, manager, panel, call
):
    applications = [
        application_screen(
            application=ApplicationFactory(page=call, reference=f"SCF-2026-020{n}"),
            eligible=True,
            by=manager,
        )
        for n in range(3)
    ]
    chosen, left_out = applications[:2], applications[2]
    priya, tom = panel("Priya", "Shah"), panel("Tom", "Okafor")
    panel("Jo", "Bell")
    client.force_login(manager)
    query = "&".join(f"id={a.pk}" for a in chosen) + "&next=" + reverse("applications:index")

    confirm = client.get(f"{BULK_URL}?{query}")

    assert confirm.status_code == 200
    page = page_text(confirm)
    assert "SCF-2026-0200" in page and "SCF-2026-0201" in page
    assert "SCF-2026-0202" not in page
    assert "Priya Shah" in page and "Jo Bell" in page

    response = client.post(f"{BULK_URL}?{query}", {"reviewers": [priya.pk, tom.pk]})

    assert response.status_code == 302
    assert response["Location"] == reverse("applications:index")
    for application in chosen:
        application.refresh_from_db()
        assert application.status == "in_review"
        assert set(application.assignments.values_list("reviewer", flat=True)) == {
            priya.pk,
            tom.pk,
        }
    left_out.refresh_from_db()
    assert left_out.status == "eligible"
    assert not left_out.assignments.exists()
    page = page_text(client.get(response["Location"]))
    assert "Priya Shah, Tom Okafor assigned to 2 applications." in page


def test_bulk_assignment_with_a_non_eligible_application_assigns_nothing(
    client, manager, panel, call, eligible, application
):
    not_screened = ApplicationFactory(page=call, reference="SCF-2026-0300")
    priya = panel("Priya", "Shah")
    client.force_login(manager)
    query = f"id={eligible.pk}&id={not_screened.pk}"

    response = client.post(f"{BULK_URL}?{query}", {"reviewers": [priya.pk]})

    assert response.status_code == 200
    assert (
        "SCF-2026-0300 is not eligible for review. Screen it as eligible before you assign "
        "the panel." in page_text(response)
    )
    assert not ReviewAssignment.objects.exists()
    eligible.refresh_from_db()
    assert eligible.status == "eligible"


def test_bulk_assignment_of_all_in_listing_follows_the_listings_filter(
    client, manager, panel, call
):
    eligible = application_screen(
        application=ApplicationFactory(page=call), eligible=True, by=manager
    )
    submitted = ApplicationFactory(page=call)
    ApplicationFactory(page=call, status="draft", reference=None, submitted_at=None)
    priya = panel("Priya", "Shah")
    client.force_login(manager)

    response = client.post(f"{BULK_URL}?id=all&status=eligible", {"reviewers": [priya.pk]})

    assert response.status_code == 302
    assert list(ReviewAssignment.objects.values_list("application", flat=True)) == [eligible.pk]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_only_fund_managers_may_use_the_bulk_assignment(request, client, role, panel, eligible):
    priya = panel("Priya", "Shah")
    client.force_login(request.getfixturevalue(role))

    assert_refused(client.get(f"{BULK_URL}?id={eligible.pk}"))
    assert_refused(client.post(f"{BULK_URL}?id={eligible.pk}", {"reviewers": [priya.pk]}))
    assert not ReviewAssignment.objects.exists()
