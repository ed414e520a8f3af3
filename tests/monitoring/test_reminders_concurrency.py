"""Two reminder runs at the same moment (cron and the worker, or two
servers) on PostgreSQL send each reminder once."""

import datetime as dt
import threading

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from fund.awards.services.payments import instalment_add
from fund.core.outbox import QueuedEmail
from fund.monitoring.models import GrantReport, Reminder, ReminderKind
from fund.monitoring.services.reminders import send_reminders
from tests.factories.awards import AwardFactory
from tests.factories.people import FINANCE, staff

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RUNS = 4


def test_concurrent_runs_send_each_reminder_once(open_call):
    """Four runs released together by a barrier.

    How this test was shown to fail: with ``_record`` (the services) changed
    to check-then-insert (``if Reminder.objects.filter(kind=..., key=...)
    .exists(): return False``, then create, with no savepoint), every run
    saw no row, and three of the four ended in ``IntegrityError`` on
    "each_reminder_once", their other reminders unsent, instead of
    skipping what the first run sent."""
    today = dt.date(2027, 7, 1)
    reporting = AwardFactory(call=open_call, accepted=True)
    GrantReport.objects.filter(award=reporting).update(due_on=today - dt.timedelta(days=1))
    offered = AwardFactory(call=open_call)
    type(offered).objects.filter(pk=offered.pk).update(accept_by=today + dt.timedelta(days=7))
    finance = staff(FINANCE)
    instalment_add(award=reporting, due_on=today, amount="1000", by=finance)
    reports = GrantReport.objects.filter(award=reporting).count()

    barrier = threading.Barrier(RUNS)
    results, crashed = [], []

    def run():
        try:
            barrier.wait(timeout=30)
            results.append(send_reminders(today=today))
        except Exception as error:  # noqa: BLE001 - any failure fails the test
            crashed.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(RUNS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert crashed == []
    total = {kind: sum(result[kind] for result in results) for kind in ReminderKind.values}
    assert total[ReminderKind.REPORT_OVERDUE] == reports
    assert total[ReminderKind.OFFER_WAITING] == 1
    assert total[ReminderKind.INSTALMENT_DUE] == 1
    assert Reminder.objects.count() == reports + 2
    assert QueuedEmail.objects.filter(kind="reminder_report_late").count() == reports
    assert QueuedEmail.objects.filter(kind="reminder_offer").count() == 1
    assert QueuedEmail.objects.filter(kind="reminder_instalment", to=finance.email).count() == 1
    assert ModelLogEntry.objects.filter(action="fund.reminder.sent").count() == reports + 2
