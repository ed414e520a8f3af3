"""A charity applies on the public website (issue 2): the form, what a sent
application holds, and sending it once whatever happens."""

import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import Application, ApplicationDocument
from fund.applications.services.drafts import application_draft_save
from fund.applications.uploads import check_file
from fund.core.errors import ServiceError
from tests.support.applying import PDF_BYTES, apply, docx, form_data, pdf, png

pytestmark = pytest.mark.django_db


def test_form_shows_the_core_section_and_the_calls_own_questions(client, open_call):
    response = client.get(open_call.url)

    assert response.status_code == 200
    page = response.content.decode()
    for label in [
        "Organisation name",
        "Registration number",
        "Postcode",
        "Contact e-mail address",
        "Project summary",
        "Amount requested (£)",
        "Bradford",
        "Wakefield",
        "How will survivors shape the project?",
        "Project budget (optional)",
        "Supporting documents (optional)",
        "Save and come back later",
    ]:
        assert label in page, label
    assert 'enctype="multipart/form-data"' in page
    assert "Between £500.00 and £5,000.00." in page


def test_valid_application_is_saved_with_its_answers_documents_audit_and_email(
    client, open_call, django_capture_on_commit_callbacks
):
    budget_question = open_call.form_fields.get(field_type="file").clean_name
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(
            client,
            open_call,
            files={"documents": [pdf(), png()], f"q_{budget_question}": docx("budget.docx")},
        )

    assert response.status_code == 200
    application = Application.objects.get()
    year = timezone.localdate().year
    assert application.reference == f"SCF-{year}-0001"
    assert application.reference in response.content.decode()
    assert "Application sent" in response.content.decode()
    # typed columns, normalised
    assert application.status == "submitted"
    assert application.organisation_name == "Aire Valley Freedom Project"
    assert application.registration_number == "1187654"
    assert application.postcode == "BD18 3AB"
    assert application.contact_phone == "01134960000"
    assert application.amount_requested == Decimal("2500.00")
    assert application.districts == ["bradford", "leeds"]
    assert application.submitted_at is not None
    # the call's own questions, and their definitions frozen with the application
    shape = open_call.form_fields.get(field_type="multiline").clean_name
    assert application.form_data[shape] == "Survivors sit on our steering group."
    assert application.form_data[budget_question] == "budget.docx"
    assert [q["label"] for q in application.questions] == [
        "How will survivors shape the project?",
        "Project budget",
    ]
    # documents, with where they came from
    documents = {d.original_name: d for d in application.documents.all()}
    assert set(documents) == {"accounts.pdf", "photo.png", "budget.docx"}
    assert documents["budget.docx"].question == budget_question
    assert documents["accounts.pdf"].question == ""
    assert documents["accounts.pdf"].content_type == "application/pdf"
    assert len(documents["accounts.pdf"].sha256) == 64
    # audit entry and acknowledgement e-mail
    entry = ModelLogEntry.objects.get(action="fund.application.submit")
    assert entry.object_id == str(application.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.org"]
    assert application.reference in mail.outbox[0].subject
    assert application.reference in mail.outbox[0].body
    application.refresh_from_db()
    assert application.acknowledged_at is not None


def test_frozen_questions_keep_an_old_application_readable_after_the_call_changes(
    client, open_call
):
    apply(client, open_call)
    question = open_call.form_fields.get(field_type="multiline")
    question.label = "A reworded question"
    question.save()

    application = Application.objects.get()
    assert application.answers()[0]["label"] == "How will survivors shape the project?"
    assert application.answers()[0]["answer"] == "Survivors sit on our steering group."


def test_references_count_up_per_fund_and_year(client, open_call):
    apply(client, open_call)
    apply(client, open_call, contact_email="other@example.org")

    year = timezone.localdate().year
    assert sorted(Application.objects.values_list("reference", flat=True)) == [
        f"SCF-{year}-0001",
        f"SCF-{year}-0002",
    ]


def test_a_double_click_or_replayed_post_creates_one_application(
    client, open_call, django_capture_on_commit_callbacks
):
    data = form_data(open_call)
    declarations = {"declare_true": "on", "declare_privacy": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(open_call.url, data)
        client.post(open_call.url, data)  # the form posted twice
        first = client.post("/apply/check/", declarations, follow=True)
        second = client.post("/apply/check/", declarations, follow=True)  # and "Send" twice

    application = Application.objects.get()
    assert application.reference in first.content.decode()
    assert application.reference in second.content.decode()
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_loses_no_application(
    client, open_call, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.mail.BrokenMailBackend"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = apply(client, open_call, files={"documents": [pdf()]})

    assert len(callbacks) == 1  # the acknowledgement was queued, and failed

    assert response.status_code == 200
    application = Application.objects.get()
    assert application.reference in response.content.decode()
    assert application.documents.count() == 1
    assert application.acknowledged_at is None  # so staff can see it was not sent


def test_files_over_the_limit_across_several_posts_are_not_kept(client, open_call, settings):
    settings.FUND_UPLOAD_MAX_FILES = 3
    data = form_data(open_call, organisation_name="")  # an error keeps us on the form

    client.post(open_call.url, {**data, "documents": [pdf("a.pdf"), png("b.png")]})
    response = client.post(
        open_call.url,
        {**data, "documents": [pdf("c.pdf", PDF_BYTES + b"%c"), png("d.png")]},
    )

    assert "You can send up to 3 files in all." in response.content.decode()
    assert sorted(ApplicationDocument.objects.values_list("original_name", flat=True)) == [
        "a.pdf",
        "b.png",
    ]


def test_the_service_refuses_more_files_than_the_limit_whatever_the_form_did(open_call, settings):

    settings.FUND_UPLOAD_MAX_FILES = 1
    files = [("", check_file(pdf("a.pdf"))), ("", check_file(png("b.png")))]

    with pytest.raises(ServiceError):
        application_draft_save(
            call=open_call,
            draft=None,
            token=uuid.uuid4(),
            raw={},
            core={},
            answers={},
            files=files,
        )
    assert not ApplicationDocument.objects.exists()
