"""Faults of ours while an applicant or staff member is in the middle of
something: the mail server down, the database or the file store failing
part-way through a submission, a PDF letter that cannot be made.

Each ends in a message in plain words and loses nothing: no half-saved
application, no file left behind in private storage, no e-mail forgotten,
no partial letter stored or served."""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.applications import access
from fund.applications.models import Application, ApplicationDocument
from fund.applications.services import sending as application_services
from fund.awards.models.awards import AwardLetter
from fund.awards.services import letters
from fund.core.outbox import QueuedEmail
from tests.security.helpers import (
    CONDITIONS,
    PDF,
    assert_no_stray_files,
    award_form,
    has_error_page,
    page_text,
    pdf,
    reviewed_application,
    stored_files,
    upload,
)
from tests.support import states
from tests.support.applying import apply, form_data, png
from tests.support.pages import close_response

pytestmark = pytest.mark.django_db

NOT_SAVED = "Sorry, we could not save your application just now because of a problem on our side."
NOT_SENT = "Sorry, we could not send your application just now because of a problem on our side."


# --- the mail server down ----------------------------------------------------------


def test_a_submission_with_the_mail_server_down_is_sent_and_its_e_mail_waits(
    client, open_call, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.mail.BrokenMailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, open_call, files={"documents": [pdf()]})

    application = Application.objects.get()
    assert response.status_code == 200
    assert "Application sent" in page_text(response)
    assert application.reference in page_text(response)
    assert application.status == "submitted"
    assert application.documents.count() == 1
    assert application.acknowledged_at is None
    waiting = QueuedEmail.objects.get(kind="acknowledgement")
    assert waiting.sent_at is None
    assert waiting.attempts == 1
    assert "ConnectionRefusedError" in waiting.last_error
    assert application.reference in waiting.subject

    # the mail server is back: the queued e-mail goes out, once
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_email")
    call_command("send_queued_email")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.org"]
    assert application.reference in mail.outbox[0].body
    waiting.refresh_from_db()
    assert waiting.sent_at is not None
    assert waiting.last_error == ""
    application.refresh_from_db()
    assert application.acknowledged_at is not None


def test_the_save_and_return_link_waits_for_the_mail_server_too(
    client, open_call, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.mail.BrokenMailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(open_call.url, form_data(open_call, action="save"))

    assert response.status_code == 200
    assert Application.objects.get().status == "draft"
    waiting = QueuedEmail.objects.get(kind="draft_link")
    assert waiting.sent_at is None
    assert "Connection refused" in waiting.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_email")

    assert "/apply/continue/" in mail.outbox[0].body


# --- the database or the file store failing part-way ----------------------------------


@pytest.fixture
def fail_on_second(monkeypatch):
    """fail_on_second(owner, "name", error): the second call of owner.name
    raises error (the first does its real work)."""

    def install(owner, name, error):
        real = getattr(owner, name)
        calls = []

        def failing(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise error
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, failing)
        return calls

    return install


@contextmanager
def failing_document_rows(error, folder):
    """The database fails as the documents' rows are written, after their
    files are stored: each INSERT into their table raises ``error``. Yields
    the number of files in storage (``folder``) at each failure."""
    insert = f'INSERT INTO "{ApplicationDocument._meta.db_table}"'
    failures = []

    def fail(execute, sql, params, many, context):
        if sql.startswith(insert):
            failures.append(len(stored_files(folder)))
            raise error
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail):
        yield failures


@pytest.mark.parametrize(
    "error",
    [
        DatabaseError("server closed the connection unexpectedly"),
        IntegrityError("duplicate key value violates unique constraint"),
    ],
)
def test_the_database_failing_while_files_are_saved_leaves_nothing_half_saved(
    client, open_call, private_storage, error
):
    with failing_document_rows(error, private_storage) as failures:
        response = apply(client, open_call, files={"documents": [pdf(), png()]})

    assert failures and failures[0] >= 1  # files were stored, then the database failed
    assert has_error_page(response)
    text = page_text(response)
    assert NOT_SAVED in text
    assert "Your answers are still on this page" in text
    assert 'value="Aire Valley Freedom Project"' in text
    assert "Survivors sit on our steering group." in text
    assert not Application.objects.exists()
    assert not ApplicationDocument.objects.exists()
    assert stored_files(private_storage) == []


def test_the_file_store_failing_part_way_leaves_no_file_behind(
    client, open_call, private_storage, fail_on_second
):
    storage = ApplicationDocument._meta.get_field("file").storage
    fail_on_second(storage, "_save", OSError(28, "No space left on device"))

    response = apply(client, open_call, files={"documents": [pdf(), png()]})

    assert NOT_SAVED in page_text(response)
    assert not Application.objects.exists()
    assert stored_files(private_storage) == []


def test_a_failure_while_saving_more_to_a_draft_leaves_the_draft_as_it_was(
    client, open_call, private_storage
):
    data = form_data(open_call, action="save")
    client.post(open_call.url, {**data, "documents": [pdf("accounts.pdf")]})
    saved = Application.objects.get()
    kept = stored_files(private_storage)
    assert len(kept) == 1
    with failing_document_rows(DatabaseError("connection lost"), private_storage) as failures:
        response = client.post(
            open_call.url,
            {
                **data,
                "project_title": "A changed title",
                "documents": [png("one.png"), upload("two.pdf", PDF + b"% two\n")],
            },
        )

    assert failures and failures[0] > len(kept)  # a new file was stored, then the database failed

    assert NOT_SAVED in page_text(response)
    assert 'value="A changed title"' in page_text(response)  # still on the page
    saved.refresh_from_db()
    assert saved.project_title == "Drop-in advice for survivors"
    assert list(saved.documents.values_list("original_name", flat=True)) == ["accounts.pdf"]
    assert stored_files(private_storage) == kept
    assert_no_stray_files(private_storage)


def test_the_reference_counter_failing_on_send_keeps_the_draft_to_send_again(
    client, open_call, private_storage, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise IntegrityError('duplicate key value violates "unique_reference_counter"')

    monkeypatch.setattr(application_services, "reference_allocate", broken)

    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, open_call, files={"documents": [pdf()]})

    assert response.status_code == 200
    text = page_text(response)
    assert "Your application was not sent" in text
    assert NOT_SENT in text
    assert "Nothing is lost: your answers and files are saved." in text
    application = Application.objects.get()
    assert application.status == "draft"
    assert application.reference is None
    assert application.organisation_name == "Aire Valley Freedom Project"
    assert application.documents.count() == 1
    assert_no_stray_files(private_storage)
    assert not QueuedEmail.objects.exists()
    assert not ModelLogEntry.objects.filter(action="fund.application.submit").exists()

    # the database is back: pressing the button again sends it, with the first number
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/apply/check/", {"declare_true": "on", "declare_privacy": "on"}, follow=True
        )

    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.reference.endswith("-0001")
    assert application.reference in page_text(sent)
    assert len(mail.outbox) == 1


# --- an award letter that cannot be made -------------------------------------------


def broken_pdf(html, fetcher):
    raise OSError("cannot load font: DejaVu Sans")


def status_client(client, application):
    token = access.make_token(application, access.STATUS)
    client.post(reverse("fund_status_open", args=[token]))
    return client


def test_a_letter_that_fails_is_marked_failed_never_served_and_made_on_retry(
    client, open_call, manager, finance, private_storage, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    application = reviewed_application(open_call, amount_requested=Decimal("5000.00"))
    monkeypatch.setattr(letters, "html_to_pdf", broken_pdf)
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:award", args=[application.pk]), award_form("4000")
        )

    # the award stands; its letter is marked failed, with the error, and nothing stored
    assert response.status_code == 302
    application.refresh_from_db()
    award = application.award
    assert award.amount == Decimal("4000.00")
    failed = AwardLetter.objects.get(award=award)
    assert failed.status == "failed"
    assert failed.attempts == 1
    assert "cannot load font" in failed.error
    assert not failed.file
    assert failed.sha256 == ""
    assert stored_files(private_storage) == []
    # staff see it failed, with a way to try again; a download is refused in words
    client.force_login(finance)
    inspect = page_text(client.get(reverse("awards:inspect", args=[award.pk])))
    assert reverse("awards:letter_retry", args=[failed.pk]) in inspect
    refused = client.get(reverse("awards:letter_download", args=[failed.pk]))
    assert refused.status_code == 404
    assert "could not be made, so there is nothing to download" in refused.content.decode()
    # the applicant is told it is not ready, and offered no link
    applicant = status_client(type(client)(), application)
    assert reverse("fund_status_letter") not in page_text(applicant.get(reverse("fund_status")))
    not_ready = applicant.get(reverse("fund_status_letter"))
    assert not_ready.status_code == 404
    assert "Your award letter is not ready to download yet." in page_text(not_ready)

    # WeasyPrint works again: "Try again" makes the next version
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(reverse("awards:letter_retry", args=[failed.pk]))

    assert retried.status_code == 302
    made = AwardLetter.objects.get(award=award, version=2)
    assert made.status == "current"
    failed.refresh_from_db()
    assert failed.status == "failed"  # kept, with its error
    download = client.get(reverse("awards:letter_download", args=[made.pk]))
    body = b"".join(download.streaming_content)
    close_response(download)
    assert body.startswith(b"%PDF")
    assert client.get(reverse("awards:letter_download", args=[failed.pk])).status_code == 404
    served = applicant.get(reverse("fund_status_letter"))
    assert b"".join(served.streaming_content).startswith(b"%PDF")
    close_response(served)


def test_a_letter_still_being_made_is_not_served(client, open_call, manager, finance):
    application = reviewed_application(open_call)
    client.force_login(manager)
    # the award is committed, but the task that makes its letter has not run
    client.post(reverse("applications:award", args=[application.pk]), award_form("4000"))
    pending = AwardLetter.objects.get()
    assert pending.status == "pending"

    client.force_login(finance)
    response = client.get(reverse("awards:letter_download", args=[pending.pk]))

    assert response.status_code == 404
    assert "is still being made. Try again in a minute." in response.content.decode()
    applicant = status_client(type(client)(), application)
    assert "not ready to download yet" in page_text(applicant.get(reverse("fund_status_letter")))


def test_a_letter_whose_row_cannot_be_saved_leaves_no_file_behind_and_can_be_retried(
    open_call, manager, private_storage, monkeypatch, django_capture_on_commit_callbacks
):
    """The PDF is made and written to storage, then the database fails
    before the letter's row records it."""
    application = reviewed_application(open_call)
    monkeypatch.setattr(letters, "html_to_pdf", lambda html, fetcher: b"%PDF-1.7\n%%EOF\n")

    def failing_log(**kwargs):
        if kwargs.get("action") == "fund.letter.issue":
            raise DatabaseError("server closed the connection unexpectedly")
        return real_log(**kwargs)

    real_log = letters.log
    monkeypatch.setattr(letters, "log", failing_log)

    with django_capture_on_commit_callbacks(execute=True):
        award = states.award(application, manager, "4000.00", conditions=CONDITIONS)

    letter = AwardLetter.objects.get(award=award)
    assert not letter.file
    assert stored_files(private_storage) == []
    assert letter.status == "failed"  # so that staff can try again
