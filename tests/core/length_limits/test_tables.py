"""Every text column with a length limit is limited by the form that fills it."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from fund.applications.models import Application, ApplicationDocument
from fund.awards.models.awards import FundReturn, Payment
from fund.awards.models.bank import BankDetails
from fund.calls.models import CallPage
from fund.core.outbox import QueuedEmail
from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.core.length_limits.helpers import TODAY
from tests.support.applying import form_data, pdf
from tests.support.banking import BANK_DETAILS
from tests.support.pages import page_text
from tests.support.states import DECIDE_NOW

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def text_columns():
    """(``app.Model.field``, field) for every text column with a length limit."""
    for label in ("fund", "home"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.FileField) and field.max_length:
                    yield f"{model._meta.label}.{field.name}", field


def refused_in_form(response, message=None, field=None, form="form"):
    """The form came back (200) with an error shown to the person: ``message``,
    or the error of ``field``."""
    assert response.status_code == 200, response.status_code
    text = page_text(response)
    if field:
        errors = response.context[form].errors.get(field)
        assert errors, response.context[form].errors
        assert str(errors[0]) in text
    if message:
        assert message in text, text[:3000]


def public_form(field, value_for=lambda limit: "A" * (limit + 1)):
    def post(w, limit):
        value = value_for(limit)
        response = w.client.post(w.call.url, form_data(w.call, **{field: value}))
        refused_in_form(response, field=field)
        assert not Application.objects.filter(**{field: value}).exists()

    return post


def too_many(limit):
    return f"Ensure this value has at most {limit} characters (it has {limit + 1})."


def original_name(w, limit):
    """An uploaded file's name longer than the column is shortened, not refused
    (Django keeps 255 characters of a name, with its extension)."""
    name = "a" * (limit + 45) + ".pdf"
    response = w.client.post(
        w.call.url, {**form_data(w.call, action="save"), "documents": pdf(name)}
    )
    assert response.status_code == 200
    kept = ApplicationDocument.objects.get()
    assert len(kept.original_name) <= limit
    assert kept.original_name.endswith(".pdf")


def accept_offer(field):
    """The applicant accepting online, and staff recording an acceptance."""

    def post(w, limit):
        award = w.award()
        value = "A" * (limit + 1)
        data = {
            "name": "Sam Example",
            "position": "Chair",
            "condition_1": "on",
            **BANK_DETAILS,
            field: value,
        }
        browser = w.applicant(award.application)
        online = browser.post(reverse("fund_status_accept"), data)
        refused_in_form(online, too_many(limit), field, form="accept_form")
        staff = w.staff(w.manager).post(
            reverse("awards:accept", args=[award.pk]),
            {"name": "Ann Lee", "position": "Chair", field: value},
        )
        refused_in_form(staff, too_many(limit), field)
        award.refresh_from_db()
        assert (award.status, award.accepted_name, award.accepted_position) == ("offered", "", "")

    return post


def bank_account_name(w, limit):
    """The name on the bank account, given with the online acceptance."""
    award = w.award()
    data = {"name": "Sam", "position": "Chair", "condition_1": "on", **BANK_DETAILS}
    data["account_name"] = "A" * (limit + 1)
    online = w.applicant(award.application).post(reverse("fund_status_accept"), data)
    refused_in_form(online, f"{limit} characters or fewer", "account_name", form="accept_form")
    assert not BankDetails.objects.exists()


def screening_reason(w, limit):
    application = w.application(status="submitted")
    response = w.staff(w.manager).post(
        reverse("applications:screen", args=[application.pk]),
        {"decision": "ineligible", "reason": "x" * (limit + 1), "note": "No."},
    )
    refused_in_form(response, "Select a valid choice.", "reason")
    application.refresh_from_db()
    assert (application.status, application.screening_reason) == ("submitted", "")


def decline_reason(w, limit):
    application = w.application()
    response = w.staff(w.manager).post(
        reverse("applications:decline", args=[application.pk]),
        {**DECIDE_NOW, "reason": "x" * (limit + 1), "feedback": "Thank you for applying."},
    )
    refused_in_form(response, "Select a valid choice.", "reason")
    application.refresh_from_db()
    assert (application.status, application.decline_reason) == ("reviewed", "")


def bacs_reference(w, limit):
    award = w.award(accepted=True)
    response = w.staff(w.finance).post(
        reverse("awards:payment", args=[award.pk]),
        {
            "paid_on": TODAY().strftime("%d/%m/%Y"),
            "amount": "100",
            "bacs_reference": "A" * (limit + 1),
        },
    )
    refused_in_form(
        response, "Enter the BACS reference: up to 18 letters, numbers, spaces or . - / &."
    )
    assert not Payment.objects.exists()


def return_reason(w, limit):
    award = w.award(paid=True)
    response = w.staff(w.finance).post(
        reverse("awards:return", args=[award.pk]),
        {"received_on": TODAY().strftime("%d/%m/%Y"), "amount": "10", "reason": "x" * (limit + 1)},
    )
    refused_in_form(response, "Select a valid choice.", "reason")
    assert not FundReturn.objects.exists()


def recommendation(w, limit):
    application = w.application(status="eligible")
    assignment = reviewer_assign(application=application, reviewer=w.panel_member, by=w.manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=w.panel_member)
    response = w.staff(w.panel_member).post(
        reverse("fund_reviews:review", args=[assignment.pk]),
        {"action": "draft", "comment": "", "recommendation": "x" * (limit + 1)},
    )
    refused_in_form(response, "Choose a recommendation.")
    assert not Review.objects.filter(recommendation__startswith="x").exists()


def email_subject(w, limit):
    """A subject is our words and a reference or the call's title, which
    staff may make 255 characters long: the applicant saving a draft (whose
    e-mail names the call) is not refused for it, and the subject fits."""
    CallPage.objects.filter(pk=w.call.pk).update(title="T" * 255)
    w.call.refresh_from_db()
    response = w.client.post(w.call.url, form_data(w.call, action="save"))
    assert response.status_code == 200
    subjects = list(QueuedEmail.objects.values_list("subject", flat=True))
    assert subjects and all(len(subject) <= limit for subject in subjects), subjects


POSTED = {
    "fund.Application.organisation_name": public_form("organisation_name"),
    "fund.Application.organisation_type": public_form("organisation_type"),
    "fund.Application.registration_number": public_form(
        "registration_number", lambda limit: "1" * (limit + 1)
    ),
    "fund.Application.postcode": public_form("postcode", lambda limit: "LS1 2ABXX"[: limit + 1]),
    "fund.Application.contact_name": public_form("contact_name"),
    "fund.Application.contact_email": public_form(
        "contact_email", lambda limit: "a" * (limit + 1 - len("@example.org")) + "@example.org"
    ),
    "fund.Application.contact_phone": public_form("contact_phone", lambda limit: "0" * (limit + 1)),
    "fund.Application.project_title": public_form("project_title"),
    "fund.Application.screening_reason": screening_reason,
    "fund.Application.decline_reason": decline_reason,
    "fund.ApplicationDocument.original_name": original_name,
    "fund.Award.accepted_name": accept_offer("name"),
    "fund.Award.accepted_position": accept_offer("position"),
    "fund.Payment.bacs_reference": bacs_reference,
    "fund.BankDetails.account_name": bank_account_name,
    "fund.FundReturn.reason": return_reason,
    "fund.Review.recommendation": recommendation,
    "fund.QueuedEmail.subject": email_subject,
}


WAGTAIL_EDITOR = "Wagtail page editor validates (test_the_page_editor_refuses_a_long_title)"


SETTINGS_EDITOR = "Wagtail's settings editor validates the model form's max_length"


def page_fields(model):
    return {
        f"{model}.title": WAGTAIL_EDITOR,
        f"{model}.slug": WAGTAIL_EDITOR,
        f"{model}.seo_title": WAGTAIL_EDITOR,
        f"{model}.draft_title": "copied by Wagtail from the title, which has the same limit",
        f"{model}.path": "Wagtail's tree position (treebeard)",
    }


NOT_POSTED = {
    **page_fields("fund.FundPage"),
    **page_fields("fund.CallPage"),
    **page_fields("fund.GrantsAwardedPage"),
    **page_fields("fund.OutcomesPage"),
    **page_fields("home.HomePage"),
    **page_fields("home.StandardPage"),
    "fund.FundPage.funding_source": WAGTAIL_EDITOR,
    "fund.FundPage.financial_year": WAGTAIL_EDITOR,
    "fund.FundPage.reference_prefix": WAGTAIL_EDITOR,
    "fund.CallFormField.label": WAGTAIL_EDITOR,
    "fund.CallFormField.help_text": WAGTAIL_EDITOR,
    "fund.CallFormField.field_type": WAGTAIL_EDITOR + " (a choice)",
    "fund.CallFormField.clean_name": (
        "made from the label, kept within the column "
        "(test_a_long_non_latin_question_gets_a_name_within_its_column)"
    ),
    "fund.ScoringCriterion.name": WAGTAIL_EDITOR,
    "fund.FunderSettings.funder_name": SETTINGS_EDITOR,
    "fund.FunderSettings.telephone": SETTINGS_EDITOR,
    "fund.FunderSettings.email": SETTINGS_EDITOR,
    "fund.FunderSettings.website": SETTINGS_EDITOR,
    "fund.FunderSettings.organisation_identifier": SETTINGS_EDITOR,
    "fund.FunderSettings.grant_identifier_prefix": SETTINGS_EDITOR,
    "fund.FunderSettings.signatory_name": SETTINGS_EDITOR,
    "fund.FunderSettings.signatory_title": SETTINGS_EDITOR,
    "fund.Application.reference": "made by the submit service: prefix (8), year and number",
    "fund.Application.status": "a status set by the services",
    "fund.ApplicationDocument.question": "the clean name of the call's question (255)",
    "fund.ApplicationDocument.file": "a random name made by the server",
    "fund.ApplicationDocument.content_type": "detected from the file's content by the server",
    "fund.ApplicationDocument.sha256": "a SHA-256 computed by the server",
    "fund.Award.status": "a status set by the services",
    "fund.BankDetails.status": "a status set by the services",
    "fund.BankDetails.source": "set by the services",
    "fund.BankDetails.sort_code": "typed in several forms, stored as its 6 digits; any other "
    "form is refused in words (tests/awards/bank_details/)",
    "fund.BankDetails.account_number": "typed with or without spaces, stored as its 8 digits; "
    "any other form is refused in words (tests/awards/bank_details/)",
    "fund.BudgetEntry.kind": "set by the services",
    "fund.AwardLetter.status": "set by the letter service",
    "fund.AwardLetter.file": "a random name made by the server",
    "fund.AwardLetter.sha256": "a SHA-256 computed by the server",
    "fund.ReviewAssignment.conflict": "set by the service from a yes/no answer",
    "fund.Review.status": "set by the review service",
    "fund.CriterionScore.name": "copied from ScoringCriterion.name (same limit)",
    "fund.ReferenceCounter.prefix": "copied from FundPage.reference_prefix (same limit)",
    "fund.QueuedEmail.kind": "a name of one of our e-mail templates",
    "fund.QueuedEmail.to": "a contact e-mail or a staff address, both EmailField(254)",
    "fund.OutcomeMeasure.name": WAGTAIL_EDITOR + " (an inline panel of the call)",
    "fund.OutcomeMeasure.kind": WAGTAIL_EDITOR + " (a choice)",
    "fund.OutcomeMeasure.unit": WAGTAIL_EDITOR + " (a choice)",
    "fund.ReportDue.kind": WAGTAIL_EDITOR + " (a choice)",
    "fund.ReportDue.anchor": WAGTAIL_EDITOR + " (a choice)",
    "fund.ApplicationTarget.name": "copied from OutcomeMeasure.name (same limit)",
    "fund.ApplicationTarget.unit": "copied from OutcomeMeasure.unit (same choices)",
    "fund.ApplicationBudgetLine.category": "one field per category: the form posts no name",
    "fund.AwardTarget.name": "copied from OutcomeMeasure.name (same limit)",
    "fund.AwardTarget.kind": "copied from OutcomeMeasure.kind (same choices)",
    "fund.AwardTarget.unit": "copied from OutcomeMeasure.unit (same choices)",
    "fund.AwardBudgetLine.category": "one field per category: the form posts no name",
    "fund.GrantReport.kind": "copied from ReportDue.kind, or set by the schedule service",
    "fund.GrantReport.status": "a status set by the services",
    "fund.ReportEvidence.file": "a random name made by the server",
    "fund.ReportEvidence.original_name": (
        "shortened to 255 by the upload checks the application's documents use "
        "(fund/applications/uploads.py; original_name above)"
    ),
    "fund.ReportEvidence.content_type": "detected from the file's content by the server",
    "fund.ReportEvidence.sha256": "a SHA-256 computed by the server",
    "fund.Reminder.kind": "set by the reminder service",
    "fund.Reminder.key": "made by the reminder service: a kind, a row's id and a date",
    "fund.ImpactReport.year": "a financial year the form parses, written by the service as 2026-27",
    "fund.ImpactReport.status": "set by the impact report service",
    "fund.ImpactReport.file": "a random name made by the server",
    "fund.ImpactReport.sha256": "a SHA-256 computed by the server",
}


def test_every_text_column_with_a_limit_has_an_entry():
    columns = dict(text_columns())
    listed = set(POSTED) | set(NOT_POSTED)

    assert not set(POSTED) & set(NOT_POSTED), "a column is in both tables"
    assert sorted(set(columns) - listed) == [], "add these columns to a table in this module"
    assert sorted(listed - set(columns)) == [], "these entries name no column any more"


@pytest.mark.parametrize("column", sorted(POSTED))
def test_one_character_over_the_limit_is_refused_in_words(world, column):
    model_label, name = column.rsplit(".", 1)
    limit = apps.get_model(model_label)._meta.get_field(name).max_length

    POSTED[column](world, limit)
