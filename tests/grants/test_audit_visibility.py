"""Who can read the applications' audit trail in Wagtail's site history."""

import pytest

from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_site_history_shows_application_entries_to_managers_but_not_to_the_panel(
    client, open_call, manager, panel_member
):
    application = ApplicationFactory(
        page=open_call, organisation_name="Confidential Refuge Trust", status="submitted"
    )
    application_screen(application=application, eligible=True, by=manager)
    reviewer_assign(application=application, reviewer=panel_member, by=manager)

    client.force_login(manager)
    assert "Eligibility decided" in client.get("/admin/reports/site-history/").content.decode()

    client.force_login(panel_member)
    response = client.get("/admin/reports/site-history/")
    page = response.content.decode()
    assert "Confidential Refuge Trust" not in page
    assert "Eligibility decided" not in page
    assert "Panel member assigned" not in page
