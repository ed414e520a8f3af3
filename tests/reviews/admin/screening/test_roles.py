"""Who may screen, assign and reopen in the Wagtail admin, and the audit trail
they leave."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.reviews.models import ReviewAssignment
from fund.reviews.services.assignment import reviewer_assign
from tests.reviews.admin.screening.helpers import (
    assign_url,
    inspect_url,
    reopen_url,
    screen_url,
    submit_review,
)
from tests.support.pages import assert_refused, page_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["finance", "panel_member"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_fund_managers_may_screen_assign_or_reopen(
    request, client, role, method, reviewed, panel
):
    application = reviewed["application"]
    review = reviewed["reviews"][0]
    newcomer = panel("Ann", "Lee")
    client.force_login(request.getfixturevalue(role))
    data = {
        "decision": "ineligible",
        "reason": "outside_area",
        "reviewers": [newcomer.pk],
    }

    for url in [screen_url(application), assign_url(application), reopen_url(review)]:
        response = getattr(client, method)(url, data if method == "post" else None)

        assert_refused(response)

    application.refresh_from_db()
    assert application.status == "reviewed"
    assert not ReviewAssignment.objects.filter(reviewer=newcomer).exists()
    review.refresh_from_db()
    assert review.status == "submitted"


def test_fund_manager_may_open_each_action(client, manager, reviewed):
    application = reviewed["application"]
    client.force_login(manager)

    for url in [screen_url(application), assign_url(application)]:
        assert client.get(url).status_code == 200, url
    assert client.get(reopen_url(reviewed["reviews"][0])).status_code == 200


def test_inspect_offers_screen_to_a_fund_manager_while_the_application_can_be_screened(
    client, manager, application
):
    client.force_login(manager)

    page = page_text(client.get(inspect_url(application)))

    assert screen_url(application) in page
    assert assign_url(application) not in page  # not eligible yet


def test_inspect_offers_assign_once_eligible_and_no_longer_screen_once_with_the_panel(
    client, manager, panel, eligible
):
    client.force_login(manager)
    assert assign_url(eligible) in page_text(client.get(inspect_url(eligible)))

    reviewer_assign(application=eligible, reviewer=panel("Priya", "Shah"), by=manager)
    page = page_text(client.get(inspect_url(eligible)))

    assert screen_url(eligible) not in page
    assert assign_url(eligible) in page


def test_inspect_offers_finance_no_screen_assign_or_reopen(client, finance, reviewed):
    application = Application.objects.get(pk=reviewed["application"].pk)
    application.status = "eligible"  # both actions would be open to a fund manager
    application.save(update_fields=["status"])
    client.force_login(finance)

    response = client.get(inspect_url(application))

    assert response.status_code == 200
    page = page_text(response)
    assert "Aire Valley Freedom Project" in page
    assert screen_url(application) not in page
    assert assign_url(application) not in page
    for review in reviewed["reviews"]:
        assert reopen_url(review) not in page


def test_each_action_is_logged_and_shown_in_the_applications_history(
    client, manager, panel, application
):
    priya = panel("Priya", "Shah")
    client.force_login(manager)

    client.post(screen_url(application), {"decision": "eligible"})
    client.post(assign_url(application), {"reviewers": [priya.pk]})
    review = submit_review(application, priya, manager, need=3, partnership=4)
    client.post(reopen_url(review), {"reason": "Please add comments."})

    for action in ["fund.application.screen", "fund.review.assign", "fund.review.reopen"]:
        entry = ModelLogEntry.objects.get(object_id=str(application.pk), action=action)
        assert entry.user == manager, action
    history = client.get(reverse("applications:history", args=[application.pk]))
    assert history.status_code == 200
    page = page_text(history)
    for message in ["Eligibility decided", "Panel member assigned", "Review reopened"]:
        assert message in page, message
