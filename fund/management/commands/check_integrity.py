"""Check that the records agree with themselves and with the private files:
each fund's committed total with its budget ledger, each document made (award
letters, impact reports) with its SHA-256, each private-file row with its
file (fund/management/integrity.py).

Run it nightly, from cron, and after restoring a backup::

    30 2 * * *  cd /srv/fund && .venv/bin/python manage.py check_integrity

It only reads. It prints one line for each fault, naming the row and what is
wrong, then a summary, and exits with status 1 if it found any fault, 0 if
everything agrees. A private storage that cannot be reached at all is one
fault, said in words, not a traceback.
"""

from django.core.management.base import BaseCommand, CommandError

from fund.core.errors import StoreUnavailable
from fund.management.integrity import integrity_check


class Command(BaseCommand):
    help = (
        "Check funds against their ledgers, letters and impact reports against their SHA-256, "
        "and that every private file a row names is stored."
    )

    def handle(self, *args, **options):
        try:
            report = integrity_check()
        except StoreUnavailable as error:
            raise CommandError(
                f"The private storage could not be checked, as it could not be reached: {error}",
                returncode=1,
            ) from error
        for fault in report.faults:
            self.stdout.write(fault)
        if report.faults:
            raise CommandError(report.summary(), returncode=1)
        self.stdout.write(self.style.SUCCESS(report.summary()))
