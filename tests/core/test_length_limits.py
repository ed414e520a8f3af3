"""The same limits everywhere (issue 11, item 5).

Every text column with a length limit in the ``fund`` and ``home`` apps is
in exactly one table below: either it is posted, one character over its
limit, through the real form or service a person uses, and a clear error
comes back (never a server error, and nothing saved), or it is said why no
person types it. A new column without an entry fails
``test_every_text_column_with_a_limit_has_an_entry``.

PostgreSQL enforces lengths and SQLite does not, so this runs on PostgreSQL
(as CI does): on SQLite an overflow would pass unseen.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from fund.applications import access
from fund.applications.models import Application, ApplicationDocument
from fund.awards.models.awards import AwardLetter, BudgetEntry, FundReturn, Payment
from fund.awards.models.bank import BankDetails
from fund.calls.models import CallFormField, CallPage
from fund.core.outbox import QueuedEmail
from fund.reviews.models import Review
from fund.reviews.services import conflict_declare, reviewer_assign
from tests.factories import ApplicationFactory, AwardFactory
from tests.support.applying import form_data, pdf
from tests.support.banking import BANK_DETAILS
from tests.support.editing import call_editor_data
from tests.support.pages import page_text
from tests.support.states import DECIDE_NOW

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TODAY = timezone.localdate


def text_columns():
    """(``app.Model.field``, field) for every text column with a length limit."""
    for label in ("fund", "home"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.FileField) and field.max_length:
                    yield f"{model._meta.label}.{field.name}", field


class World:
    """What the posting functions need, made when first asked for."""

    def __init__(self, client, call, manager, finance, panel_member):
        self.client, self.call = client, call
        self.manager, self.finance, self.panel_member = manager, finance, panel_member

    def application(self, **fields):
        fields.setdefault("status", "reviewed")
        fields.setdefault("amount_requested", Decimal("5000"))
        return ApplicationFactory(page=self.call, **fields)

    def award(self, *, accepted=False, paid=False):
        return AwardFactory(
            application=self.application(),
            by=self.manager,
            conditions="<p>Report on the project.</p>",
            accepted=accepted,
            paid=paid,
            paid_amount="1000",
            paid_on=TODAY(),
            bacs_reference="PAID1",
            finance=self.finance,
        )

    def applicant(self, application):
        """A browser that has opened the applicant's status link."""
        browser = type(self.client)()
        token = access.make_token(application, access.STATUS)
        browser.post(reverse("fund_status_open", args=[token]))
        return browser

    def staff(self, user):
        self.client.force_login(user)
        return self.client


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


# --- the applicant's public form ----------------------------------------------------


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


# --- the applicant's status page ----------------------------------------------------------


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
            reverse("fund_award_accept", args=[award.pk]),
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


# --- staff forms ---------------------------------------------------------------------


def screening_reason(w, limit):
    application = w.application(status="submitted")
    response = w.staff(w.manager).post(
        reverse("fund_application_screen", args=[application.pk]),
        {"decision": "ineligible", "reason": "x" * (limit + 1), "note": "No."},
    )
    refused_in_form(response, "Select a valid choice.", "reason")
    application.refresh_from_db()
    assert (application.status, application.screening_reason) == ("submitted", "")


def decline_reason(w, limit):
    application = w.application()
    response = w.staff(w.manager).post(
        reverse("fund_application_decline", args=[application.pk]),
        {**DECIDE_NOW, "reason": "x" * (limit + 1), "feedback": "Thank you for applying."},
    )
    refused_in_form(response, "Select a valid choice.", "reason")
    application.refresh_from_db()
    assert (application.status, application.decline_reason) == ("reviewed", "")


def bacs_reference(w, limit):
    award = w.award(accepted=True)
    response = w.staff(w.finance).post(
        reverse("fund_award_payment", args=[award.pk]),
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
        reverse("fund_award_return", args=[award.pk]),
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


# --- the tables ------------------------------------------------------------------------

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
    "form is refused in words (tests/awards/test_bank_details.py)",
    "fund.BankDetails.account_number": "typed with or without spaces, stored as its 8 digits; "
    "any other form is refused in words (tests/awards/test_bank_details.py)",
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
}


def test_every_text_column_with_a_limit_has_an_entry():
    columns = dict(text_columns())
    listed = set(POSTED) | set(NOT_POSTED)

    assert not set(POSTED) & set(NOT_POSTED), "a column is in both tables"
    assert sorted(set(columns) - listed) == [], "add these columns to a table in this module"
    assert sorted(listed - set(columns)) == [], "these entries name no column any more"


@pytest.fixture
def world(client, open_call, manager, finance, panel_member):
    return World(client, open_call, manager, finance, panel_member)


@pytest.mark.parametrize("column", sorted(POSTED))
def test_one_character_over_the_limit_is_refused_in_words(world, column):
    model_label, name = column.rsplit(".", 1)
    limit = apps.get_model(model_label)._meta.get_field(name).max_length

    POSTED[column](world, limit)


# --- free text: text columns, limited by their forms where they are reasons ----------------

LIMIT_MESSAGE = "Keep this to 2000 characters or fewer. It is 100000 characters, so shorten it."
APPLICANT_MESSAGE = "Your reason must be 2000 characters or fewer. It is 100000 characters"


def withdraw_award(w, text):
    award = w.award()
    response = w.staff(w.manager).post(
        reverse("fund_award_withdraw", args=[award.pk]), {"reason": text}
    )
    award.refresh_from_db()
    return response, award.ended_reason, award


def return_note(w, text):
    award = w.award(paid=True)
    response = w.staff(w.finance).post(
        reverse("fund_award_return", args=[award.pk]),
        {
            "received_on": TODAY().strftime("%d/%m/%Y"),
            "amount": "10",
            "reason": "underspend",
            "note": text,
        },
    )
    saved = FundReturn.objects.filter(award=award).first()
    return response, saved.note if saved else None, award


def reissue_letter(w, text):
    award = w.award()
    response = w.staff(w.finance).post(
        reverse("fund_award_letter_reissue", args=[award.pk]), {"reason": text}
    )
    saved = AwardLetter.objects.filter(award=award, version=2).first()
    return response, saved.reason if saved else None, award


def decline_offer(w, text):
    award = w.award()
    response = w.applicant(award.application).post(
        reverse("fund_status_decline"), {"decline-reason": text}
    )
    award.refresh_from_db()
    return response, award.ended_reason, award


def withdraw_application(w, text):
    application = w.application(status="submitted")
    response = w.applicant(application).post(
        reverse("fund_status_withdraw"), {"withdraw-reason": text}
    )
    application.refresh_from_db()
    return response, application.withdrawn_reason, None


#: action -> (post it, the refusal, what the budget ledger records for it)
REASONS = {
    "a manager withdrawing an award": (withdraw_award, LIMIT_MESSAGE, "release"),
    "finance recording returned money with a note": (return_note, LIMIT_MESSAGE, "return"),
    "reissuing a letter": (reissue_letter, LIMIT_MESSAGE, None),
    "an applicant declining an offer": (decline_offer, APPLICANT_MESSAGE, "release"),
    "an applicant withdrawing": (withdraw_application, APPLICANT_MESSAGE, None),
}


@pytest.mark.parametrize("action", REASONS)
def test_a_2000_character_reason_is_kept_whole_and_100000_are_refused(world, action):
    post, message, ledger = REASONS[action]
    kept = ("Because " + "x" * 2000)[:2000]

    response, saved, award = post(world, kept)

    assert response.status_code == 302, page_text(response)[:3000]
    assert saved == kept
    if ledger:
        # the ledger keeps it whole too (a text column), after any label
        entry = BudgetEntry.objects.get(award=award, kind=ledger)
        assert entry.reason.endswith(kept)

    response, saved, _award = post(world, "y" * 100_000)

    assert response.status_code == 200
    assert message in page_text(response)
    assert not saved or saved == kept


# --- Wagtail's editors, and names made from what staff type --------------------------


def test_the_page_editor_refuses_a_long_title(client, manager, open_call):
    client.force_login(manager)
    long_title = "T" * 256

    response = client.post(
        f"/admin/pages/{open_call.pk}/edit/", call_editor_data(open_call, title=long_title)
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 255 characters (it has 256)." in page_text(response)
    assert CallPage.objects.get(pk=open_call.pk).title == "Tackling modern slavery"


def test_a_long_non_latin_question_gets_a_name_within_its_column(client, manager, open_call):
    """Wagtail spells each non-Latin letter out ("u0627") in a question's
    name: a 200-letter question in Urdu would make a name of 1,000."""
    client.force_login(manager)
    urdu = ("آپ کی تنظیم کیا کرتی ہے " * 10)[:200]
    other = urdu[:199] + "؟"

    response = client.post(
        f"/admin/pages/{open_call.pk}/edit/",
        call_editor_data(
            open_call,
            questions=[
                {"label": urdu, "field_type": "multiline", "required": "on"},
                {"label": other, "field_type": "multiline", "required": ""},
            ],
        ),
    )

    assert response.status_code == 302, page_text(response)[:2000]
    names = list(
        CallFormField.objects.filter(page=open_call, label__in=[urdu, other]).values_list(
            "clean_name", flat=True
        )
    )
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(name) <= 255 for name in names)
    form = client.get(open_call.url)
    assert form.status_code == 200
