"""The retention rules: old unsuccessful and withdrawn applications lose their
personal data and documents, abandoned drafts are deleted, and everything
else (successful, recent, in progress) is left as it was."""

import datetime as dt
import io
import logging
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.applications.services import application_withdraw
from fund.awards.models.awards import Award
from fund.core.outbox import QueuedEmail
from fund.privacy.retention import retention_apply
from fund.privacy.tasks import apply_retention
from fund.reviews.models import CriterionScore, Review, ReviewAssignment
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(days=800)  # past the two-year periods
LAST_MONTH = NOW - dt.timedelta(days=30)  # within every period


@pytest.fixture(autouse=True)
def periods(settings):
    settings.FUND_RETENTION_DAYS = {"unsuccessful": 730, "withdrawn": 730, "abandoned_draft": 90}


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Apply the rules as the command does, letting the transactions commit
    (files are deleted from storage only once the rows' deletion commits)."""

    def apply(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return retention_apply(**kwargs)

    return apply


def add_document(application, name="accounts.pdf", content=b"%PDF-1.4 private accounts"):
    document = ApplicationDocument(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def stored_files(folder):
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def declined(call, *, declined_at=LONG_AGO, **fields):
    return ApplicationFactory(
        page=call,
        status="declined",
        submitted_at=fields.pop("submitted_at", LONG_AGO),
        declined_at=declined_at,
        decline_reason="score",
        decline_feedback="Your plan for the drop-in at 12 Mill Lane was not costed.",
        form_data={"how_will_survivors_shape_the_project": "Sam's lived experience group"},
        draft_data={"contact_name": "Sam Example"},
        **fields,
    )


def draft(call, *, saved_at):
    return ApplicationFactory(
        page=call,
        status="draft",
        reference=None,
        submitted_at=None,
        draft_saved_at=saved_at,
        draft_data={"organisation_name": "Half-finished Trust"},
    )


def review_with_comments(application, reviewer, manager):
    assignment = ReviewAssignment.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=manager,
        conflict="none",
        conflict_description="I once met the contact, Sam, at a training day.",
    )
    review = Review.objects.create(
        assignment=assignment,
        status="submitted",
        comment="Sam's group is small but committed.",
        recommendation="decline",
        score=Decimal("42.5000"),
        submitted_at=LONG_AGO,
    )
    CriterionScore.objects.create(
        review=review,
        name="Need and evidence",
        weight=30,
        maximum_score=5,
        score=2,
        comment="Evidence is anecdotal.",
    )
    return review


# --- anonymising -------------------------------------------------------------


def test_retention_removes_documents_from_storage_as_well_as_their_rows(
    open_call, run, private_storage
):
    application = declined(open_call)
    add_document(application, "accounts.pdf")
    add_document(application, "safeguarding-policy.pdf")
    assert len(stored_files(private_storage)) == 2

    result = run()

    assert result.documents_deleted == 2
    assert ApplicationDocument.objects.filter(application=application).count() == 0
    assert stored_files(private_storage) == []


def test_retention_removes_the_personal_data_of_an_old_declined_application(
    open_call, run, manager, panel_member
):
    application = declined(open_call, registration_number="1234567")
    old_key = application.access_key
    review_with_comments(application, panel_member, manager)
    QueuedEmail.objects.create(
        application=application,
        kind="declined",
        to=application.contact_email,
        subject="Your application",
        body="Dear Sam",
    )

    result = run()

    assert result.unsuccessful_anonymised == 1
    application.refresh_from_db()
    assert application.organisation_name == "Anonymised"
    assert application.contact_email == f"anonymised+{application.pk}@anonymised.invalid"
    for field in [
        "registration_number",
        "address",
        "postcode",
        "contact_name",
        "contact_phone",
        "project_title",
        "project_summary",
        "decline_feedback",
    ]:
        assert getattr(application, field) == "", field
    assert application.form_data == {}
    assert application.draft_data == {}
    assert application.access_key != old_key
    assert application.anonymised_at is not None
    assert not QueuedEmail.objects.filter(application=application).exists()
    review = Review.objects.get(assignment__application=application)
    assert review.comment == ""
    assert review.scores.get().comment == ""
    assert review.assignment.conflict_description == ""


def test_retention_keeps_the_statistics_of_an_anonymised_application(
    open_call, run, manager, panel_member
):
    application = ApplicationFactory(
        page=open_call,
        status="ineligible",
        reference="SCF-2024-0007",
        organisation_type="cic",
        amount_requested=Decimal("3750.00"),
        districts=["leeds", "wakefield"],
        submitted_at=LONG_AGO,
        screened_at=LONG_AGO,
        screening_reason="outside_area",
        screening_note="They work in Lancashire.",
    )
    review_with_comments(application, panel_member, manager)

    run()

    application.refresh_from_db()
    assert application.anonymised_at is not None
    assert application.reference == "SCF-2024-0007"
    assert application.status == "ineligible"
    assert application.amount_requested == Decimal("3750.00")
    assert application.districts == ["leeds", "wakefield"]
    assert application.organisation_type == "cic"
    assert application.screening_reason == "outside_area"
    assert application.screening_note == ""
    assert application.submitted_at == LONG_AGO
    assert application.screened_at == LONG_AGO
    review = Review.objects.get(assignment__application=application)
    assert (review.score, review.recommendation) == (Decimal("42.5000"), "decline")
    assert review.scores.get().score == 2


def test_retention_anonymises_an_old_withdrawn_application_and_its_history(open_call, run):
    application = ApplicationFactory(page=open_call, status="submitted", submitted_at=LONG_AGO)
    application_withdraw(application=application, reason="Sam has left the charity.")
    Application.objects.filter(pk=application.pk).update(withdrawn_at=LONG_AGO)

    result = run()

    assert result.withdrawn_anonymised == 1
    application.refresh_from_db()
    assert application.withdrawn_reason == ""
    assert application.organisation_name == "Anonymised"
    history = ModelLogEntry.objects.for_instance(application)
    assert {entry.action for entry in history} == {
        "fund.application.withdraw",
        "fund.application.anonymise",
    }
    for entry in history:
        assert "Example Community Group" not in entry.label
        assert "Sam has left" not in str(entry.data)


def test_an_unsuccessful_application_without_a_decision_date_ages_from_submission(open_call, run):
    old = declined(open_call, declined_at=None, submitted_at=LONG_AGO)
    recent = declined(open_call, declined_at=None, submitted_at=LAST_MONTH)

    run()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None
    assert recent.anonymised_at is None


def test_retention_leaves_recent_unsuccessful_and_withdrawn_applications_alone(
    open_call, run, private_storage
):
    # Sent long ago, but the decision (or withdrawal) is recent: the period
    # runs from the decision.
    recently_declined = declined(open_call, declined_at=LAST_MONTH, submitted_at=LONG_AGO)
    add_document(recently_declined)
    recently_withdrawn = ApplicationFactory(
        page=open_call, status="withdrawn", submitted_at=LONG_AGO, withdrawn_at=LAST_MONTH
    )

    result = run()

    assert (result.anonymised, result.documents_deleted) == (0, 0)
    for application in (recently_declined, recently_withdrawn):
        before = application.organisation_name
        application.refresh_from_db()
        assert application.anonymised_at is None
        assert application.organisation_name == before
    assert recently_declined.documents.count() == 1
    assert len(stored_files(private_storage)) == 1


def test_retention_never_touches_successful_or_undecided_applications(
    open_call, fund_page, run, manager, private_storage
):
    awarded = ApplicationFactory(page=open_call, status="awarded", submitted_at=LONG_AGO)
    add_document(awarded)
    # Declined status, but an award was made (and later declined): kept.
    with_award = declined(open_call)
    Award.objects.create(
        application=with_award,
        fund=fund_page,
        amount=Decimal("1000.00"),
        conditions="<p>Report quarterly.</p>",
        status="declined",
        accept_by=LONG_AGO.date(),
        period_start=LONG_AGO.date(),
        period_end=LONG_AGO.date(),
        decided_by=manager,
        decided_at=LONG_AGO,
    )
    in_review = ApplicationFactory(page=open_call, status="in_review", submitted_at=LONG_AGO)

    result = run()

    assert (result.anonymised, result.drafts_deleted) == (0, 0)
    for application in (awarded, with_award, in_review):
        before = application.organisation_name
        application.refresh_from_db()
        assert application.anonymised_at is None
        assert application.organisation_name == before
    assert awarded.documents.count() == 1
    assert len(stored_files(private_storage)) == 1


# --- drafts ------------------------------------------------------------------


def test_retention_deletes_abandoned_drafts_with_their_documents_but_not_recent_drafts(
    open_call, run, private_storage
):
    abandoned = draft(open_call, saved_at=NOW - dt.timedelta(days=91))
    add_document(abandoned, "abandoned.pdf", b"abandoned")
    recent = draft(open_call, saved_at=NOW - dt.timedelta(days=89))
    kept = add_document(recent, "recent.pdf", b"recent")

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


# --- dry run, command, task, log -----------------------------------------------


def data_due(call):
    """One of each thing the rules act on, each with a document."""
    unsuccessful = declined(call)
    withdrawn = ApplicationFactory(
        page=call, status="withdrawn", submitted_at=LONG_AGO, withdrawn_at=LONG_AGO
    )
    abandoned = draft(call, saved_at=LONG_AGO)
    for application in (unsuccessful, withdrawn, abandoned):
        add_document(application)
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
