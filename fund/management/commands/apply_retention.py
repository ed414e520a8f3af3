"""Apply the retention rules (settings.FUND_RETENTION_DAYS): anonymise old
unsuccessful and withdrawn applications and delete abandoned drafts.

Run it daily, from cron or any scheduler, for example::

    15 3 * * *  cd /srv/fund && .venv/bin/python manage.py apply_retention

Safe to run as often as you like: what is done is not done twice. Use
``--dry-run`` first to see what it would change. It prints counts only,
never anyone's data, and exits with an error if any application failed.
"""

from django.core.management.base import BaseCommand, CommandError

from fund.privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise old unsuccessful and withdrawn applications; delete abandoned drafts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, and change nothing.",
        )

    def handle(self, *args, dry_run, **options):
        result = retention_apply(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        self.stdout.write(result.summary())
        if result.failed:
            raise CommandError(f"{result.failed} applications could not be processed.")
