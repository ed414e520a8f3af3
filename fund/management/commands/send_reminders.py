"""Send the reminders due today: reports due soon and overdue and offers
waiting (to grantees), reviews due (to panel members), instalments due (to
finance).

Run it daily, from cron or any scheduler, for example::

    0 7 * * *  cd /srv/fund && .venv/bin/python manage.py send_reminders

Safe to run as often as you like: each reminder is sent once. It prints how
many of each kind were sent, never anyone's data. ``--date`` runs it as if
on another day (to catch up after a missed run, or to try it out).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from fund.monitoring.models import ReminderKind
from fund.monitoring.services.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders due today, each once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Send what is due on this day (YYYY-MM-DD) instead of today."
        )

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as error:
            raise CommandError(
                f"--date must be a date such as 2027-06-30, not {date!r}."
            ) from error
        counts = send_reminders(today=today)
        labels = dict(ReminderKind.choices)
        for kind, count in counts.items():
            self.stdout.write(f"{labels[kind]}: {count} sent")
        self.stdout.write(f"Reminders sent: {sum(counts.values())}")
