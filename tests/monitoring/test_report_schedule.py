"""An award's reporting schedule on its page: fund managers move a due date,
add a progress report and tie an instalment to a report; each change is
audited. Finance sees the schedule but may not change it."""

import datetime as dt

import pytest
from django.urls import reverse

from fund.awards.services.payments import instalment_add
from fund.monitoring.models import GrantReport
from tests.support import reports
from tests.support.pages import assert_refused, page_text
from tests.support.states import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_call):
    return reports.planned_award(open_call)


def award_page(client, award):
    response = client.get(reverse("awards:inspect", args=[award.pk]))
    assert response.status_code == 200
    return page_text(response)


def test_the_award_page_lists_its_reports_with_changes_for_managers_only(
    client, manager, finance, award
):
    client.force_login(manager)
    page = award_page(client, award)
    final = reports.report_of(award, "final")
    assert "Reports" in page and final.due_on.strftime("%-d %B %Y") in page
    assert reverse("grant_reports:reschedule", args=[final.pk]) in page
    assert reverse("grant_reports:add", args=[award.pk]) in page

    client.force_login(finance)
    page = award_page(client, award)
    assert final.due_on.strftime("%-d %B %Y") in page
    assert reverse("grant_reports:reschedule", args=[final.pk]) not in page
    assert reverse("grant_reports:add", args=[award.pk]) not in page


def test_a_manager_moves_a_due_date_and_it_is_audited(client, manager, award):
    report = reports.report_of(award, "final")
    client.force_login(manager)
    url = reverse("grant_reports:reschedule", args=[report.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"due_on": "31/2/2028"})
    assert response.status_code == 200
    assert "Enter the date as day/month/year" in page_text(response)

    response = client.post(url, {"due_on": "15/9/2028"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.due_on == dt.date(2028, 9, 15)
    assert "fund.report.reschedule" in actions(award.application)


def test_a_manager_adds_a_progress_report(client, manager, award):
    client.force_login(manager)
    response = client.post(reverse("grant_reports:add", args=[award.pk]), {"due_on": "1/3/2027"})

    assert response.status_code == 302
    assert award.reports.filter(kind="progress", due_on=dt.date(2027, 3, 1)).exists()
    assert actions(award.application).count("fund.report.reschedule") == 1


def test_a_manager_ties_an_instalment_to_a_report_and_unties_it(client, manager, finance, award):
    instalment = instalment_add(award=award, due_on=dt.date(2027, 7, 1), amount="2000", by=finance)
    report = reports.report_of(award)
    client.force_login(manager)
    url = reverse("grant_reports:tie", args=[report.pk])

    response = client.post(url, {"instalment": instalment.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.instalment == instalment
    assert "£2,000.00 due 1 July 2027" in award_page(client, award)

    # The same instalment cannot wait for two reports.
    final = reports.report_of(award, "final")
    response = client.post(
        reverse("grant_reports:tie", args=[final.pk]), {"instalment": instalment.pk}
    )
    assert response.status_code == 200
    assert "That instalment already waits for the progress report due" in page_text(response)

    assert client.post(url, {"instalment": ""}).status_code == 302
    report.refresh_from_db()
    assert report.instalment is None
    assert actions(award.application).count("fund.report.tie") == 2


def test_an_accepted_report_keeps_its_date(client, manager, award):
    report = reports.accepted(reports.report_of(award), manager)
    client.force_login(manager)

    response = client.post(
        reverse("grant_reports:reschedule", args=[report.pk]), {"due_on": "1/1/2029"}
    )

    assert response.status_code == 200
    assert "is accepted already, so it cannot change" in page_text(response)
    assert GrantReport.objects.get(pk=report.pk).due_on == report.due_on


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_only_fund_managers_change_the_schedule(client, request, role, award):
    report = reports.report_of(award)
    client.force_login(request.getfixturevalue(role))

    assert_refused(
        client.post(reverse("grant_reports:reschedule", args=[report.pk]), {"due_on": "1/1/2029"})
    )
    assert_refused(
        client.post(reverse("grant_reports:add", args=[award.pk]), {"due_on": "1/1/2029"})
    )
    assert_refused(client.post(reverse("grant_reports:tie", args=[report.pk]), {"instalment": ""}))
    assert award.reports.count() == 2
    assert "fund.report.reschedule" not in actions(award.application)
