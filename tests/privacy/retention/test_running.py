"""The retention rules for drafts, and running them: dry run, command, task and
log."""

import datetime as dt
import io
import logging

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.privacy.tasks import apply_retention
from tests.factories import ApplicationFactory, make_document
from tests.privacy.retention.helpers import LONG_AGO, NOW, declined, stored_files

pytestmark = pytest.mark.django_db


def draft(call, *, saved_at):
    return ApplicationFactory(
        page=call,
        status="draft",
        reference=None,
        submitted_at=None,
        draft_saved_at=saved_at,
        draft_data={"organisation_name": "Half-finished Trust"},
    )


def test_retention_deletes_abandoned_drafts_with_their_documents_but_not_recent_drafts(
    open_call, run, private_storage
):
    abandoned = draft(open_call, saved_at=NOW - dt.timedelta(days=91))
    make_document(abandoned, "abandoned.pdf", b"abandoned")
    recent = draft(open_call, saved_at=NOW - dt.timedelta(days=89))
    kept = make_document(recent, "recent.pdf", b"recent")

    result = run()

    assert (result.drafts_deleted, result.documents_deleted) == (1, 1)
    assert not Application.objects.filter(pk=abandoned.pk).exists()
    assert Application.objects.filter(pk=recent.pk).exists()
    assert list(ApplicationDocument.objects.all()) == [kept]
    assert stored_files(private_storage) == [kept.file.name.rsplit("/", 1)[-1]]


def test_a_draft_never_saved_again_ages_from_when_it_was_started(open_call, run):
    abandoned = draft(open_call, saved_at=None)
    Application.objects.filter(pk=abandoned.pk).update(submit_time=NOW - dt.timedelta(days=91))
    recent = draft(open_call, saved_at=None)

    run()

    assert not Application.objects.filter(pk=abandoned.pk).exists()
    assert Application.objects.filter(pk=recent.pk).exists()


def data_due(call):
    """One of each thing the rules act on, each with a document."""
    unsuccessful = declined(call)
    withdrawn = ApplicationFactory(
        page=call, status="withdrawn", submitted_at=LONG_AGO, withdrawn_at=LONG_AGO
    )
    abandoned = draft(call, saved_at=LONG_AGO)
    for application in (unsuccessful, withdrawn, abandoned):
        make_document(application)
    return unsuccessful, withdrawn, abandoned


def test_dry_run_changes_nothing_and_reports_what_it_would_do(open_call, run, private_storage):
    unsuccessful, withdrawn, abandoned = data_due(open_call)

    result = run(dry_run=True)

    assert result.dry_run
    assert result.unsuccessful_anonymised == 1
    assert result.withdrawn_anonymised == 1
    assert result.drafts_deleted == 1
    assert result.documents_deleted == 3
    assert Application.objects.count() == 3
    assert not Application.objects.filter(anonymised_at__isnull=False).exists()
    unsuccessful.refresh_from_db()
    assert unsuccessful.organisation_name.startswith("Example Community Group")
    assert ApplicationDocument.objects.count() == 3
    assert len(stored_files(private_storage)) == 3
    assert not ModelLogEntry.objects.filter(action="fund.application.anonymise").exists()


def test_command_prints_the_counts(open_call, django_capture_on_commit_callbacks, private_storage):
    data_due(open_call)
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=out)

    assert out.getvalue().strip() == (
        "Anonymised 1 unsuccessful and 1 withdrawn applications; "
        "deleted 1 abandoned drafts and 3 documents."
    )
    assert stored_files(private_storage) == []


def test_command_dry_run_says_nothing_changed(open_call, private_storage):
    data_due(open_call)
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [
        "Dry run: nothing was changed.",
        "Would anonymise 1 unsuccessful and 1 withdrawn applications; "
        "would delete 1 abandoned drafts and 3 documents.",
    ]
    assert Application.objects.filter(anonymised_at__isnull=True).count() == 3
    assert len(stored_files(private_storage)) == 3


def test_running_twice_is_idempotent(open_call, run):
    unsuccessful, withdrawn, _abandoned = data_due(open_call)
    run()
    anonymised_at = {
        a.pk: a.anonymised_at for a in Application.objects.filter(anonymised_at__isnull=False)
    }
    entries = ModelLogEntry.objects.count()

    again = run()

    assert again.as_dict() == {
        "dry_run": False,
        "unsuccessful_anonymised": 0,
        "withdrawn_anonymised": 0,
        "drafts_deleted": 0,
        "documents_deleted": 0,
        "failed": 0,
    }
    assert set(anonymised_at) == {unsuccessful.pk, withdrawn.pk}
    for application in Application.objects.all():
        assert application.anonymised_at == anonymised_at[application.pk]
    assert ModelLogEntry.objects.count() == entries


def test_each_run_is_logged_with_counts_and_no_personal_data(open_call, run, caplog):
    unsuccessful, _withdrawn, _abandoned = data_due(open_call)
    name, email = unsuccessful.organisation_name, unsuccessful.contact_email

    with caplog.at_level(logging.INFO, logger="fund.retention"):
        run()

    messages = [r.getMessage() for r in caplog.records if r.name == "fund.retention"]
    assert messages == [
        "Retention run: Anonymised 1 unsuccessful and 1 withdrawn applications; "
        "deleted 1 abandoned drafts and 3 documents."
    ]
    assert name not in messages[0] and email not in messages[0]


def test_the_scheduled_task_applies_the_rules_and_returns_the_counts(
    open_call, django_capture_on_commit_callbacks
):
    data_due(open_call)

    with django_capture_on_commit_callbacks(execute=True):
        result = apply_retention.enqueue()

    assert result.return_value["unsuccessful_anonymised"] == 1
    assert result.return_value["drafts_deleted"] == 1
    assert Application.objects.filter(anonymised_at__isnull=False).count() == 2
