"""Send e-mails still waiting in the outbox (for example after the mail
server was down). Safe to run from cron or a scheduler as often as you like."""

from django.core.management.base import BaseCommand

from fund.core.mail import deliver_email
from fund.core.outbox import QueuedEmail


class Command(BaseCommand):
    help = "Retry unsent e-mails in the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--max-attempts", type=int, default=10)

    def handle(self, *args, max_attempts, **options):
        waiting = QueuedEmail.objects.filter(sent_at__isnull=True, attempts__lt=max_attempts)
        sent = failed = 0
        for pk in waiting.values_list("pk", flat=True):
            try:
                sent += deliver_email.call(pk)  # False: another sender has it, or sent it
            except Exception:  # noqa: BLE001 - recorded on the row; try the rest
                failed += 1
        self.stdout.write(f"Sent {sent}, still failing {failed}.")
