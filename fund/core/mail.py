"""Queue e-mails to applicants, and to staff, in the outbox (fund.models.QueuedEmail).

Nobody has confirmed an applicant's address, so the templates under
templates/fund/emails/ print nothing typed into the form (no name,
organisation or title): only the reference, the call's title, staff-written
text and the private link. Otherwise anyone could make the funder send their
own words to any address. How often the site will send is limited in
fund/core/limits.py."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from fund.core.funder import funder_settings
from fund.core.outbox import QueuedEmail


def email_queue(*, kind: str, to: str, template: str, context: dict, application=None):
    """Write the e-mail to the outbox in the current transaction and send it
    once that commits. If sending fails the row stays unsent, with the error,
    and `manage.py send_queued_email` (or the next attempt) retries it."""
    subject, body = email_render(template, context)
    email = QueuedEmail.objects.create(
        application=application, kind=kind, to=to, subject=subject, body=body
    )
    pk = email.pk
    transaction.on_commit(lambda: deliver_email.enqueue(pk))
    return email


def email_render(template: str, context: dict) -> tuple[str, str]:
    """The subject and body of the e-mail ``template`` (templates/fund/emails/),
    as queued and as staff preview it before a decision."""
    context = {"funder": funder_settings(), **context}
    subject = " ".join(render_to_string(f"fund/emails/{template}_subject.txt", context).split())
    return _fit(subject), render_to_string(f"fund/emails/{template}.txt", context)


def absolute_admin_url(name: str, *args) -> str:
    """An admin page's full address, for an e-mail to staff
    (WAGTAILADMIN_BASE_URL, as Wagtail's own e-mails use)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)


def _fit(subject: str) -> str:
    """A subject within its column: a call's title may fill 255 characters."""
    limit = QueuedEmail._meta.get_field("subject").max_length
    return subject if len(subject) <= limit else f"{subject[: limit - 1]}…"


logger = logging.getLogger(__name__)


@task()
def deliver_email(email_id: int) -> bool:
    """Send one e-mail from the outbox. A failure is recorded on the row,
    which stays unsent for the next attempt; the change it reports stands.

    Whoever sends it holds its row until the row says it was sent, so a
    worker and `send_queued_email` (on any machine) never both send it:
    one that finds the row held, or already sent, leaves it. True if this
    call sent it."""
    with transaction.atomic():
        email = (
            QueuedEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:
            return False
        failure = _send(email)
    if failure:
        logger.warning("E-mail %s not sent: %s", email.pk, failure)
        raise failure
    return True


def _send(email) -> Exception | None:
    """Send the held e-mail and record how it went on its row: the error,
    or when it was sent (and, for an acknowledgement, on its application)."""
    attempts = F("attempts") + 1
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:
        QueuedEmail.objects.filter(pk=email.pk).update(
            attempts=attempts, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return error
    sent_at = timezone.now()
    QueuedEmail.objects.filter(pk=email.pk).update(
        attempts=attempts, last_error="", sent_at=sent_at
    )
    if email.kind == "acknowledgement" and email.application_id:
        # The application, without this module (core) importing its domain.
        Application = QueuedEmail._meta.get_field("application").related_model  # noqa: N806
        Application.objects.filter(pk=email.application_id).update(acknowledged_at=sent_at)
    return None
