"""The fund manager screens applications as eligible or ineligible in the
Wagtail admin."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from fund.applications.models import ApplicationDocument
from fund.reviews.services.assignment import reviewer_assign
from tests.factories import ApplicationFactory
from tests.reviews.admin.screening.helpers import inspect_url, screen_url
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def test_the_screening_page_shows_the_answers_and_the_documents(
    client, manager, application, private_storage
):
    document = ApplicationDocument(
        application=application,
        original_name="annual-accounts.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
    )
    document.file.save("x", ContentFile(b"%PDF"), save=True)
    client.force_login(manager)

    page = page_text(client.get(screen_url(application)))

    assert "What the applicant sent" in page
    assert application.project_summary in page
    assert application.postcode in page
    assert "annual-accounts.pdf" in page
    assert reverse("applications:document", args=[document.pk]) in page


def test_screening_eligible_marks_the_application_eligible(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(screen_url(application), {"decision": "eligible"})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(application)
    application.refresh_from_db()
    assert application.status == "eligible"
    assert application.screening_reason == ""
    assert application.screened_by == manager
    assert mail.outbox == []
    page = page_text(client.get(response["Location"]))
    assert "SCF-2026-0101: Aire Valley Freedom Project is eligible." in page
    screening = page[page.index("Screened by") - 400 : page.index("Screened by")]
    assert "Note" not in screening  # no "Note: None" when none was written


def test_screening_ineligible_records_the_reason_and_emails_the_applicant_on_commit(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            screen_url(application),
            {
                "decision": "ineligible",
                "reason": "outside_area",
                "note": "Your project works in Lancashire.",
            },
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "ineligible"
    assert application.screening_reason == "outside_area"
    assert application.screening_note == "Your project works in Lancashire."
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.contact_email]
    assert "Does not work in West Yorkshire" in message.body
    assert "Your project works in Lancashire." in message.body
    page = page_text(client.get(response["Location"]))
    assert "The applicant will be e-mailed the reason." in page


def test_screening_ineligible_without_a_reason_is_refused_with_its_message(
    client, manager, application, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(screen_url(application), {"decision": "ineligible"})

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert "Choose the reason the application is not eligible." in page
    assert 'href="#id_reason"' in page  # the summary leads to the field
    application.refresh_from_db()
    assert application.status == "submitted"
    assert mail.outbox == []


def test_screening_for_another_reason_needs_a_note(client, manager, application):
    client.force_login(manager)

    response = client.post(screen_url(application), {"decision": "ineligible", "reason": "other"})

    assert response.status_code == 200
    assert "Explain why the application is not eligible." in page_text(response)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_screening_without_a_decision_is_refused(client, manager, application):
    client.force_login(manager)

    response = client.post(screen_url(application), {})

    assert response.status_code == 200
    assert "Choose whether the application is eligible." in page_text(response)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_screening_an_application_already_with_the_panel_is_refused(
    client, manager, panel, eligible
):
    reviewer_assign(application=eligible, reviewer=panel("Priya", "Shah"), by=manager)
    client.force_login(manager)

    response = client.post(screen_url(eligible), {"decision": "ineligible", "reason": "amount"})

    assert response.status_code == 200
    assert "its eligibility can no longer be changed" in page_text(response)
    eligible.refresh_from_db()
    assert eligible.status == "in_review"


def test_drafts_cannot_be_screened(client, manager, call):
    draft = ApplicationFactory(page=call, status="draft", reference=None, submitted_at=None)
    client.force_login(manager)

    assert client.get(screen_url(draft)).status_code == 404
    assert client.post(screen_url(draft), {"decision": "eligible"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"
