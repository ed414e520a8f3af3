"""Grants > Reports: fund managers read a report against its targets and
plan, and accept it or ask for changes; finance may read but not act; the
grant panel sees nothing. Each review is audited and e-mailed to the grantee
with their private status link."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fund.core.outbox import QueuedEmail
from fund.monitoring.models import ReportStatus
from tests.support import reports
from tests.support.pages import assert_refused, page_text
from tests.support.states import actions

pytestmark = pytest.mark.django_db

INDEX = reverse("grant_reports:index")


def words(response):
    """The page's text as a person reads it, spaces collapsed."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def inspect(report):
    return reverse("grant_reports:inspect", args=[report.pk])


@pytest.fixture
def award(open_call):
    return reports.planned_award(open_call)


@pytest.fixture
def waiting(award):
    """The progress report, sent with a case study its author lets us publish."""
    report = reports.sent(
        reports.report_of(award), story="Ana found work and a home.", consent=True
    )
    reports.evidence(report)
    return report


def test_the_report_page_shows_figures_against_targets_and_spend_against_plan(
    client, manager, waiting
):
    client.force_login(manager)
    response = client.get(inspect(waiting))

    assert response.status_code == 200
    text = words(response)
    assert "Victims and survivors supported (people) 40 30 75%" in text
    assert "Professionals trained (people) 20 12 60%" in text
    assert "Staff £3,000.00 £2,500.00 £500.00 under plan" in text
    assert "In all £4,000.00 £3,400.00" in text
    assert "More survivors reached safe housing." in text
    assert "The venue closed for a month." in text
    assert "Ana found work and a home." in text
    assert "The grantee consents to publishing this." in text
    assert "register.pdf" in text
    assert "Accept the report" in text and "Ask for changes" in text


@pytest.mark.parametrize("role", ["manager", "finance"])
def test_evidence_downloads_as_a_private_file_for_staff_who_read_reports(
    client, request, role, waiting
):
    client.force_login(request.getfixturevalue(role))
    evidence = waiting.evidence.get()
    response = client.get(reverse("grant_reports:evidence", args=[evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 attendance"
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_accepting_a_report_records_it_audits_it_and_tells_the_grantee(
    client, manager, waiting, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grant_reports:accept", args=[waiting.pk]))

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.ACCEPTED
    assert waiting.accepted_at and waiting.reviewed_by == manager
    assert "fund.report.accept" in actions(waiting.award.application)
    email = QueuedEmail.objects.get(kind="report_accepted")
    assert email.to == waiting.award.application.contact_email
    assert "Keep this link private" in email.body
    assert "accepted" in email.subject


def test_asking_for_changes_needs_a_reason_which_the_grantee_is_sent(client, manager, waiting):
    client.force_login(manager)
    url = reverse("grant_reports:changes", args=[waiting.pk])

    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Say what the grantee should change" in page_text(response)
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.SUBMITTED

    response = client.post(url, {"reason": "Please add the spend on volunteers."})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.CHANGES
    assert waiting.changes_requested == "Please add the spend on volunteers."
    assert "fund.report.changes" in actions(waiting.award.application)
    email = QueuedEmail.objects.get(kind="report_changes")
    assert "Please add the spend on volunteers." in email.body
    assert "the progress report due" in email.body

    # Sent back, it waits for the grantee: no second review until they send it.
    response = client.post(reverse("grant_reports:accept", args=[waiting.pk]), follow=True)
    assert "cannot be reviewed now" in page_text(response)
    assert "once the grantee sends it back" in page_text(response)
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.CHANGES


def test_a_report_not_yet_sent_cannot_be_accepted(client, manager, award):
    report = reports.report_of(award)
    client.force_login(manager)

    response = client.post(reverse("grant_reports:accept", args=[report.pk]), follow=True)

    assert "The grantee has not started it yet." in page_text(response)
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE


def test_finance_may_read_a_report_but_not_review_it(client, finance, waiting):
    client.force_login(finance)

    response = client.get(inspect(waiting))
    assert response.status_code == 200
    assert "Accept the report" not in page_text(response)
    assert_refused(client.post(reverse("grant_reports:accept", args=[waiting.pk])))
    assert_refused(client.get(reverse("grant_reports:changes", args=[waiting.pk])))
    waiting.refresh_from_db()
    assert waiting.status == ReportStatus.SUBMITTED


def test_the_grant_panel_sees_no_reports(client, panel_member, waiting):
    client.force_login(panel_member)
    evidence = waiting.evidence.get()

    for url in [
        INDEX,
        inspect(waiting),
        reverse("grant_reports:evidence", args=[evidence.pk]),
    ]:
        assert_refused(client.get(url))
    assert_refused(client.post(reverse("grant_reports:accept", args=[waiting.pk])))


def test_the_listing_filters_by_status_overdue_and_call(client, manager, open_call, waiting):
    late = reports.planned_award(open_call)
    reports.GrantReport.objects.filter(pk=reports.report_of(late).pk).update(due_on="2020-01-01")
    client.force_login(manager)

    def listed(**query):
        response = client.get(INDEX, query)
        assert response.status_code == 200
        return {report.pk for report in response.context["object_list"]}

    assert listed(status="submitted") == {waiting.pk}
    assert listed(overdue="yes") == {reports.report_of(late).pk}
    assert len(listed(call=open_call.pk)) == 4  # a progress and a final report each


def test_the_listing_costs_the_same_queries_for_more_reports(client, manager, open_call):
    client.force_login(manager)
    reports.planned_award(open_call)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INDEX).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(4):
        reports.planned_award(open_call)
    assert queries() == few


def test_the_listing_stays_within_its_queries(
    client, manager, open_call, django_assert_max_num_queries
):
    for _ in range(3):
        reports.planned_award(open_call)
    client.force_login(manager)
    with django_assert_max_num_queries(25):
        assert client.get(INDEX, {"status": "due"}).status_code == 200


def test_reports_are_in_the_grants_menu_and_their_actions_in_history(client, manager, waiting):
    client.force_login(manager)
    response = client.get(reverse("wagtailadmin_home"))
    assert INDEX in response.content.decode()

    client.post(reverse("grant_reports:accept", args=[waiting.pk]))
    history = client.get(reverse("applications:history", args=[waiting.award.application_id]))
    assert "Grant report accepted" in page_text(history)
