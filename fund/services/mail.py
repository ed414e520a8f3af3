"""Queue e-mails to applicants in the outbox (fund.models.QueuedEmail)."""

from django.db import transaction
from django.template.loader import render_to_string

from fund import tasks
from fund.models import QueuedEmail
from fund.models.funder import funder_settings


def email_queue(*, kind: str, to: str, template: str, context: dict, application=None):
    """Write the e-mail to the outbox in the current transaction and send it
    once that commits. If sending fails the row stays unsent, with the error,
    and `manage.py send_queued_email` (or the next attempt) retries it."""
    context = {"funder": funder_settings(), **context}
    email = QueuedEmail.objects.create(
        application=application,
        kind=kind,
        to=to,
        subject=" ".join(render_to_string(f"fund/emails/{template}_subject.txt", context).split()),
        body=render_to_string(f"fund/emails/{template}.txt", context),
    )
    pk = email.pk
    transaction.on_commit(lambda: tasks.deliver_email.enqueue(pk))
    return email
