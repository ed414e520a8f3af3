"""The retention rules: old unsuccessful and withdrawn applications lose their
personal data."""

import datetime as dt
from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.applications.services.withdrawal import application_withdraw
from fund.awards.models.awards import Award
from fund.core.outbox import QueuedEmail
from fund.reviews.models import CriterionScore, Review, ReviewAssignment
from tests.factories import ApplicationFactory, make_document
from tests.privacy.retention.helpers import LONG_AGO, NOW, declined, stored_files

pytestmark = pytest.mark.django_db


LAST_MONTH = NOW - dt.timedelta(days=30)  # within every period


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


def test_retention_removes_documents_from_storage_as_well_as_their_rows(
    open_call, run, private_storage
):
    application = declined(open_call)
    make_document(application, "accounts.pdf")
    make_document(application, "safeguarding-policy.pdf")
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
    make_document(recently_declined)
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
    make_document(awarded)
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
