"""Reminders go on the right day, once, to the right people, carry the
right link, and show in the application's History."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from fund.awards.models.awards import AwardStatus
from fund.awards.services.payments import instalment_add
from fund.calls.models import CallPage
from fund.core.outbox import QueuedEmail
from fund.monitoring.models import GrantReport, Reminder, ReminderKind, ReportStatus
from fund.monitoring.services.reminders import send_reminders
from fund.monitoring.tasks import send_reminders as send_reminders_task
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import ApplicationFactory
from tests.factories.awards import AwardFactory, pay
from tests.factories.people import FINANCE, staff
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.support.links import link_in, open_status

pytestmark = pytest.mark.django_db

DUE = dt.date(2027, 6, 30)
DAY = dt.timedelta(days=1)


def sent(kind):
    return list(QueuedEmail.objects.filter(kind=f"reminder_{kind}").order_by("pk"))


def only_report(award, *, due_on=DUE, status=ReportStatus.DUE):
    """The award's one report (its schedule cut to the first), due ``due_on``."""
    report = award.reports.order_by("due_on", "pk").first()
    award.reports.exclude(pk=report.pk).delete()
    accepted_at = timezone.now() if status == ReportStatus.ACCEPTED else None
    GrantReport.objects.filter(pk=report.pk).update(
        due_on=due_on, status=status, accepted_at=accepted_at
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def accepted(open_call):
    return AwardFactory(call=open_call, accepted=True)


def test_report_due_soon_goes_to_the_grantee_14_days_before_and_not_before(accepted):
    report = only_report(accepted)

    assert send_reminders(today=DUE - 15 * DAY)[ReminderKind.REPORT_DUE_SOON] == 0
    counts = send_reminders(today=DUE - 14 * DAY)

    assert counts[ReminderKind.REPORT_DUE_SOON] == 1
    assert sum(counts.values()) == 1
    [email] = sent(ReminderKind.REPORT_DUE_SOON)
    application = accepted.application
    assert email.to == application.contact_email
    assert email.application == application
    assert email.subject == f"Report due 30 June 2027: {application.reference}"
    assert "progress report" in email.body or "final report" in email.body
    assert "is due on 30 June 2027" in email.body
    assert Reminder.objects.get().key == f"report:{report.pk}:2027-06-30"


def test_the_report_reminder_link_opens_the_grantees_status_page(accepted):
    only_report(accepted)
    send_reminders(today=DUE - 10 * DAY)

    [email] = sent(ReminderKind.REPORT_DUE_SOON)
    browser = open_status(link_in(email, "view"))

    page = browser.get("/apply/status/")
    assert page.status_code == 200
    assert accepted.application.reference in page.content.decode()


def test_report_overdue_goes_the_day_after_it_was_due_once(accepted):
    only_report(accepted)

    assert send_reminders(today=DUE)[ReminderKind.REPORT_OVERDUE] == 0
    assert send_reminders(today=DUE + DAY)[ReminderKind.REPORT_OVERDUE] == 1
    assert send_reminders(today=DUE + 2 * DAY)[ReminderKind.REPORT_OVERDUE] == 0

    [email] = sent(ReminderKind.REPORT_OVERDUE)
    assert "was due on 30 June 2027 and we have not yet received it" in email.body
    assert "/apply/view/" in email.body


def test_running_twice_sends_each_reminder_once(accepted):
    only_report(accepted)

    first = send_reminders(today=DUE - 3 * DAY)
    second = send_reminders(today=DUE - 3 * DAY)

    assert first[ReminderKind.REPORT_DUE_SOON] == 1
    assert sum(second.values()) == 0
    assert len(sent(ReminderKind.REPORT_DUE_SOON)) == 1
    assert Reminder.objects.count() == 1


def test_a_rescheduled_report_is_reminded_again(accepted):
    report = only_report(accepted)
    send_reminders(today=DUE + DAY)

    later = DUE + 30 * DAY
    GrantReport.objects.filter(pk=report.pk).update(due_on=later)

    assert send_reminders(today=later - 14 * DAY)[ReminderKind.REPORT_DUE_SOON] == 1
    assert send_reminders(today=later + DAY)[ReminderKind.REPORT_OVERDUE] == 1
    assert len(sent(ReminderKind.REPORT_OVERDUE)) == 2
    assert "30 July 2027" in sent(ReminderKind.REPORT_OVERDUE)[-1].body


@pytest.mark.parametrize("status", [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
def test_a_sent_report_is_not_reminded(accepted, status):
    only_report(accepted, status=status)

    assert sum(send_reminders(today=DUE - 14 * DAY).values()) == 0
    assert sum(send_reminders(today=DUE + DAY).values()) == 0
    assert not Reminder.objects.exists()


def test_a_report_sent_back_for_changes_is_reminded_when_overdue(accepted):
    only_report(accepted, status=ReportStatus.CHANGES)

    assert send_reminders(today=DUE + DAY)[ReminderKind.REPORT_OVERDUE] == 1
    [email] = sent(ReminderKind.REPORT_OVERDUE)
    assert "changes we asked for" in email.body


def test_reports_of_an_offer_not_yet_accepted_are_not_reminded(open_call):
    offered = AwardFactory(call=open_call)
    only_report(offered)

    assert send_reminders(today=DUE + DAY)[ReminderKind.REPORT_OVERDUE] == 0


def test_an_offer_is_reminded_7_days_before_accept_by_once(open_call):
    award = AwardFactory(call=open_call)
    accept_by = award.accept_by

    assert send_reminders(today=accept_by - 8 * DAY)[ReminderKind.OFFER_WAITING] == 0
    assert send_reminders(today=accept_by - 7 * DAY)[ReminderKind.OFFER_WAITING] == 1
    assert send_reminders(today=accept_by - 6 * DAY)[ReminderKind.OFFER_WAITING] == 0

    [email] = sent(ReminderKind.OFFER_WAITING)
    assert email.to == award.application.contact_email
    assert f"accept the offer by {accept_by:%-d %B %Y}" in email.body
    assert "/apply/view/" in email.body
    assert Reminder.objects.get().key == f"offer:{award.pk}:{accept_by.isoformat()}"


def test_an_answered_offer_is_not_reminded(open_call):
    award = AwardFactory(call=open_call, accepted=True)

    assert send_reminders(today=award.accept_by - 7 * DAY)[ReminderKind.OFFER_WAITING] == 0


def in_review(open_call, closes):
    """An application in review whose call's reviews close at ``closes``."""
    CallPage.objects.filter(pk=open_call.pk).update(reviews_close_at=closes)
    return ApplicationFactory(page=open_call, status="eligible")


def test_reviews_due_go_to_each_panel_member_3_days_before_reviews_close(open_call):
    closes = dt.datetime(2027, 3, 10, 17, 0, tzinfo=dt.UTC)
    first, second = in_review(open_call, closes), in_review(open_call, closes)
    waiting = ReviewAssignmentFactory(application=first)
    ReviewAssignmentFactory(application=second, reviewer=waiting.reviewer)
    done = ReviewAssignmentFactory(application=first)
    ReviewFactory(assignment=done)
    conflicted = ReviewAssignmentFactory(application=second, conflict=None)
    conflict_declare(
        assignment=conflicted, has_conflict=True, description="A trustee.", by=conflicted.reviewer
    )
    day = dt.date(2027, 3, 10)

    assert send_reminders(today=day - 4 * DAY)[ReminderKind.REVIEW_DUE] == 0
    assert send_reminders(today=day - 3 * DAY)[ReminderKind.REVIEW_DUE] == 2
    assert send_reminders(today=day - 2 * DAY)[ReminderKind.REVIEW_DUE] == 0

    [email] = sent(ReminderKind.REVIEW_DUE)
    assert email.to == waiting.reviewer.email
    assert first.reference in email.body and second.reference in email.body
    assert "close at 5pm on 10 March 2027" in email.body
    assert "/admin/" in email.body
    assert "/apply/" not in email.body


def test_instalments_due_go_to_finance_7_days_before_unless_paid(open_call, manager):
    paid_up = AwardFactory(call=open_call, accepted=True)
    due = AwardFactory(call=open_call, accepted=True)
    finance = staff(FINANCE)
    day = dt.date(2027, 4, 1)
    instalment = instalment_add(award=due, due_on=day, amount="1000", by=finance)
    instalment_add(award=paid_up, due_on=day, amount="1000", by=finance)
    pay(paid_up, paid_amount="1000", finance=finance)
    GrantReport.objects.all().delete()  # no report holds either payment

    assert send_reminders(today=day - 8 * DAY)[ReminderKind.INSTALMENT_DUE] == 0
    assert send_reminders(today=day - 7 * DAY)[ReminderKind.INSTALMENT_DUE] == 1
    assert send_reminders(today=day)[ReminderKind.INSTALMENT_DUE] == 0

    emails = sent(ReminderKind.INSTALMENT_DUE)
    assert finance.email in {email.to for email in emails}
    assert manager.email not in {email.to for email in emails}
    body = next(email.body for email in emails if email.to == finance.email)
    assert f"{due.application.reference}: £1,000.00 due 1 April 2027" in body
    assert paid_up.application.reference not in body
    assert f"/admin/awards/inspect/{due.pk}/" in body or "/admin/" in body
    assert Reminder.objects.get().key == f"instalment:{instalment.pk}:2027-04-01"


def test_a_second_instalment_is_due_when_payments_cover_only_the_first(open_call):
    award = AwardFactory(call=open_call, accepted=True)
    finance = staff(FINANCE)
    day = dt.date(2027, 4, 1)
    instalment_add(award=award, due_on=day - 60 * DAY, amount="1000", by=finance)
    second = instalment_add(award=award, due_on=day, amount="1500", by=finance)
    pay(award, paid_amount="1000", finance=finance)
    GrantReport.objects.all().delete()

    assert send_reminders(today=day - 7 * DAY)[ReminderKind.INSTALMENT_DUE] == 1
    assert Reminder.objects.get().key == f"instalment:{second.pk}:2027-04-01"


def test_the_reminder_shows_in_the_applications_history(client, accepted, manager):
    only_report(accepted)
    send_reminders(today=DUE + DAY)

    client.force_login(manager)
    response = client.get(f"/admin/applications/history/{accepted.application.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Reminder sent: Report overdue, to " in page
    assert accepted.application.contact_email in page


def test_the_command_prints_the_counts(accepted):
    only_report(accepted)
    out = StringIO()

    call_command("send_reminders", "--date", (DUE + DAY).isoformat(), stdout=out)

    assert "Report overdue: 1 sent" in out.getvalue()
    assert "Report due soon: 0 sent" in out.getvalue()
    assert "Reminders sent: 1" in out.getvalue()


def test_the_command_refuses_a_date_it_cannot_read(db):
    with pytest.raises(Exception, match="--date must be a date such as 2027-06-30"):
        call_command("send_reminders", "--date", "tomorrow", stdout=StringIO())


def test_the_task_sends_todays_reminders_once(accepted):
    only_report(accepted, due_on=dt.date.today() - DAY)

    result = send_reminders_task.enqueue()

    assert result.return_value[ReminderKind.REPORT_OVERDUE] == 1
    assert send_reminders_task.enqueue().return_value[ReminderKind.REPORT_OVERDUE] == 0


def test_no_reminder_for_a_withdrawn_award(open_call):
    award = AwardFactory(call=open_call)
    type(award).objects.filter(pk=award.pk).update(status=AwardStatus.WITHDRAWN)

    assert sum(send_reminders(today=award.accept_by - 7 * DAY).values()) == 0
