"""Background work, run by django-tasks (immediately in development and
tests, by the django-tasks-db worker in production)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_email(email_id: int) -> None:
    """Send one e-mail from the outbox. A failure is recorded on the row,
    which stays unsent for the next attempt; the change it reports stands."""
    from fund.models import Application, QueuedEmail

    email = QueuedEmail.objects.get(pk=email_id)
    if email.sent_at:
        return
    attempts = F("attempts") + 1
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:
        QueuedEmail.objects.filter(pk=email.pk).update(
            attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.warning("E-mail %s not sent: %s", email.pk, error)
        raise
    sent_at = timezone.now()
    QueuedEmail.objects.filter(pk=email.pk).update(
        attempts=attempts, last_error="", sent_at=sent_at
    )
    if email.kind == "acknowledgement" and email.application_id:
        Application.objects.filter(pk=email.application_id).update(acknowledged_at=sent_at)


@task()
def render_award_letter(letter_id: int) -> None:
    """Make the PDF of one award letter version (see fund/letters.py)."""
    from fund import letters

    letters.letter_render(letter_id=letter_id)
