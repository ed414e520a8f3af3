"""An e-mail in the outbox is sent once, however many senders reach it at
the same moment: the task worker that was queued to send it and
`send_queued_email` from cron, on this machine or another (PostgreSQL)."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from fund.core import mail
from fund.core.outbox import QueuedEmail

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def queued(**fields) -> QueuedEmail:
    return QueuedEmail.objects.create(
        kind="draft_link", to="applicant@example.org", subject="Your draft", body="…", **fields
    )


def test_a_sender_that_finds_the_email_being_sent_leaves_it(monkeypatch):
    """The worker is part-way through sending (its mail server is slow) when
    cron's retry reaches the same row: cron leaves it, and it goes once.

    How this test was shown to fail: with deliver_email reading the row
    without holding it (``QueuedEmail.objects.get(pk=...)`` then sending,
    as before), cron sent it too and two e-mails went."""
    email = queued()
    sending, release = threading.Event(), threading.Event()
    sent = []

    def slow_send_mail(subject, body, sender, to):
        sent.extend(to)
        if len(sent) == 1:  # the worker's send: slow until released
            sending.set()
            assert release.wait(timeout=30)

    monkeypatch.setattr(mail, "send_mail", slow_send_mail)
    crashed = []

    def worker():
        try:
            mail.deliver_email.call(email.pk)
        except Exception as error:  # noqa: BLE001 - any failure fails the test
            crashed.append(repr(error))
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert sending.wait(timeout=30)
        out = io.StringIO()
        call_command("send_queued_email", stdout=out)  # cron, while the worker holds the row
        assert out.getvalue().strip() == "Sent 0, still failing 0."
    finally:
        release.set()
        thread.join(timeout=60)

    assert crashed == []
    assert sent == ["applicant@example.org"]
    email.refresh_from_db()
    assert (email.attempts, email.sent_at is not None) == (1, True)


def test_an_email_sent_already_is_not_sent_again(mailoutbox):
    email = queued()
    mail.deliver_email.call(email.pk)
    mail.deliver_email.call(email.pk)

    assert len(mailoutbox) == 1


def test_a_refused_email_records_why_and_stays_to_be_tried_again(monkeypatch, mailoutbox):
    email = queued()

    def refused(*args):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(mail, "send_mail", refused)
    with pytest.raises(ConnectionRefusedError):
        mail.deliver_email.call(email.pk)

    email.refresh_from_db()
    assert (email.attempts, email.sent_at) == (1, None)
    assert "the mail server is down" in email.last_error
    monkeypatch.undo()
    mail.deliver_email.call(email.pk)
    email.refresh_from_db()
    assert (email.attempts, email.sent_at is not None, email.last_error) == (2, True, "")
