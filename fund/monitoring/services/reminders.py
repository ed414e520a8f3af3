"""Reminders, each sent once however often and however many workers run
them: reports due soon and overdue and offers waiting (to the grantee),
reviews due (to panel members) and instalments due (to finance).

For each reminder, in one transaction: the Reminder row is inserted (its
unique kind and key, such as ``report:12:2027-06-30``, is what makes it
once: a second run, or a concurrent one, fails the insert in a savepoint
and sends nothing), the e-mail is queued in the outbox and the application's
History says so. Staff get one e-mail per run for all that is due for them
(a panel member's applications, finance's instalments), since they act on
them together; each still has its own row and History entry.

Run daily by the ``send_reminders`` command or the task in
fund/monitoring/tasks.py."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from fund.applications.access import status_url
from fund.core.mail import absolute_admin_url, email_queue
from fund.core.people import staff_to_email
from fund.monitoring.models import Reminder, ReminderKind
from fund.monitoring.selectors.due import (
    instalments_due,
    offers_waiting,
    reports_due_soon,
    reports_overdue,
    reviews_due,
)

REMINDER_SENT = "fund.reminder.sent"
FINANCE = "record_payment"


class ReminderSentFormatter(LogFormatter):
    """How the History shows a reminder: which one, and to whom."""

    label = _("Send reminder")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        kind = dict(ReminderKind.choices).get(data.get("kind"), _("Reminder"))
        return _("Reminder sent: %(kind)s, to %(to)s") % {
            "kind": kind,
            "to": ", ".join(data.get("recipients", [])),
        }


@dataclass(frozen=True)
class Due:
    """One reminder to send: its kind and key, and what it is about."""

    kind: str
    key: str
    application: object
    award: object = None
    about: object = None  # the report, award, assignment or instalment


@dataclass(frozen=True)
class Mail:
    to: str
    template: str
    context: dict


def send_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Send every reminder due ``today`` (the fund's local date unless
    given) not sent before; how many were sent of each kind."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(ReminderKind.values, 0)
    for kind, reports in (
        (ReminderKind.REPORT_DUE_SOON, reports_due_soon(today=today)),
        (ReminderKind.REPORT_OVERDUE, reports_overdue(today=today)),
    ):
        for report in reports:
            due = Due(
                kind=kind,
                key=f"report:{report.pk}:{report.due_on.isoformat()}",
                application=report.award.application,
                award=report.award,
                about=report,
            )
            counts[kind] += _send([due], to=[due.application.contact_email], mail=_to_grantee)
    for award in offers_waiting(today=today):
        due = Due(
            kind=ReminderKind.OFFER_WAITING,
            key=f"offer:{award.pk}:{award.accept_by.isoformat()}",
            application=award.application,
            award=award,
            about=award,
        )
        counts[due.kind] += _send([due], to=[due.application.contact_email], mail=_to_grantee)
    counts[ReminderKind.REVIEW_DUE] = _send_reviews(today)
    counts[ReminderKind.INSTALMENT_DUE] = _send_instalments(today)
    return counts


def _send(dues: Iterable[Due], *, to: list[str], mail: Callable) -> int:
    """In one transaction: record each of ``dues`` not sent before, write it
    into its application's History and queue ``mail(sent)``'s e-mails for
    those newly recorded. How many were newly recorded."""
    recipients = sorted(set(to))
    with transaction.atomic():
        sent = [due for due in dues if _record(due, recipients)]
        if not sent:
            return 0
        for message in mail(sent):
            email_queue(
                kind=f"reminder_{sent[0].kind}",
                to=message.to,
                template=message.template,
                context=message.context,
                application=sent[0].application if len(sent) == 1 else None,
            )
        for due in sent:
            log(
                instance=due.application,
                action=REMINDER_SENT,
                data={"kind": due.kind, "key": due.key, "recipients": recipients},
            )
    return len(sent)


def _record(due: Due, recipients: list[str]) -> bool:
    """Insert the reminder's row, in a savepoint; False if it was sent
    before (or is being sent by a run that commits first)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=due.kind,
                key=due.key,
                award=due.award,
                application=due.application,
                recipients=", ".join(recipients),
            )
    except IntegrityError:
        return False
    return True


def _to_grantee(sent: list[Due]) -> list[Mail]:
    """The grantee's reminder, with their private status link; like every
    e-mail to an applicant it prints nothing they typed (fund/core/mail.py)."""
    [due] = sent
    application = due.application
    context = {
        "application": application,
        "call": application.page.specific,
        "award": due.award,
        "report": due.about if due.kind != ReminderKind.OFFER_WAITING else None,
        "status_url": status_url(application),
    }
    return [Mail(to=application.contact_email, template=f"reminder_{due.kind}", context=context)]


def _send_reviews(today: dt.date) -> int:
    """One e-mail to each panel member with reviews due, listing them."""
    by_reviewer: dict = {}
    for assignment in reviews_due(today=today):
        by_reviewer.setdefault(assignment.reviewer, []).append(assignment)
    count = 0
    for reviewer, assignments in by_reviewer.items():
        dues = [
            Due(
                kind=ReminderKind.REVIEW_DUE,
                key=(
                    f"review:{assignment.pk}:{timezone.localdate(_closes(assignment)).isoformat()}"
                ),
                application=assignment.application,
                about=assignment,
            )
            for assignment in assignments
        ]
        count += _send(dues, to=[reviewer.email], mail=_to_reviewer(reviewer))
    return count


def _closes(assignment):
    return assignment.application.page.callpage.reviews_close_at


def _to_reviewer(reviewer) -> Callable:
    def mail(sent: list[Due]) -> list[Mail]:
        calls = {due.about.application.page.callpage for due in sent}
        context = {
            "reviewer": reviewer,
            "references": [due.application.reference for due in sent],
            "deadlines": sorted((call.title, call.reviews_close_at) for call in calls),
            "reviews_url": absolute_admin_url("fund_reviews:index"),
        }
        return [Mail(to=reviewer.email, template="reminder_review", context=context)]

    return mail


def _send_instalments(today: dt.date) -> int:
    """One e-mail to each finance user listing the instalments newly due."""
    finance = staff_to_email(FINANCE)
    if not finance:
        return 0
    dues = [
        Due(
            kind=ReminderKind.INSTALMENT_DUE,
            key=f"instalment:{instalment.pk}:{instalment.due_on.isoformat()}",
            application=instalment.award.application,
            award=instalment.award,
            about=instalment,
        )
        for instalment in instalments_due(today=today)
    ]
    return _send(dues, to=[user.email for user in finance], mail=_to_finance(finance))


def _to_finance(finance) -> Callable:
    def mail(sent: list[Due]) -> list[Mail]:
        instalments = [
            {
                "instalment": due.about,
                "award": due.award,
                "application": due.application,
                "held_by": _held_by(due.about),
                "award_url": absolute_admin_url("awards:inspect", due.award.pk),
            }
            for due in sent
        ]
        return [
            Mail(
                to=user.email,
                template="reminder_instalment",
                context={
                    "user": user,
                    "instalments": instalments,
                    "to_pay_url": absolute_admin_url("awards:to_pay"),
                },
            )
            for user in finance
        ]

    return mail


def _held_by(instalment):
    """The report that must be accepted before this instalment is paid, if
    it is not accepted yet."""
    report = getattr(instalment, "release_report", None)
    if report is not None and report.accepted_at is None:
        return report
    return None
