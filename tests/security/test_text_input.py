"""NUL characters and megabytes of text in what applicants (and staff)
type. PostgreSQL refuses a NUL in any text or JSON column, so a NUL that
reached the database would be a server error there: each must end as a
message by the field, with the answers kept in the draft."""

import pytest
from django.urls import reverse

from fund.applications import access
from fund.applications.models import Application
from fund.reviews.models import Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import ApplicationFactory
from tests.security.helpers import award_form, has_error_page, page_text, reviewed_application
from tests.support.applying import form_data, sent_applications

pytestmark = pytest.mark.django_db

NUL = "\x00"
MEGABYTE = 1024 * 1024
HIDDEN = "contains a hidden character that we cannot accept"


def question(call):
    return "q_" + call.form_fields.get(field_type="multiline").clean_name


def draft():
    return Application.objects.get(status="draft")


# (field, a value with a NUL in it, what the person is told)
NUL_ANSWERS = [
    ("organisation_name", "Aire Valley\x00 Freedom", f"Organisation name {HIDDEN}"),
    ("registration_number", "1187\x00654", f"Registration number {HIDDEN}"),
    ("address", "1 Mill Lane\x00\nShipley", f"Address {HIDDEN}"),
    ("postcode", "BD18\x00 3AB", f"Postcode {HIDDEN}"),
    ("contact_name", "Sam\x00 Example", f"Contact name {HIDDEN}"),
    ("contact_email", "sam\x00@example.org", f"Contact e-mail address {HIDDEN}"),
    ("contact_phone", "0113\x00 496 0000", f"Contact telephone number {HIDDEN}"),
    ("project_title", "Drop-in\x00 advice", f"Project title {HIDDEN}"),
    ("project_summary", "We will run\x00 a drop-in.", f"Project summary {HIDDEN}"),
    ("amount_requested", "2500\x00", "Enter the amount in pounds, like 2500 or 2500.50."),
    ("planned_start", "1/4/2027\x00", "Enter the start date as a date"),
    ("organisation_type", "charity_ew\x00", "Choose from the options given for “Type of"),
    ("districts", ["leeds\x00"], "Choose from the options given for “Districts your project"),
]


@pytest.mark.parametrize(("field", "value", "message"), NUL_ANSWERS)
def test_a_nul_in_an_answer_is_a_message_by_the_field_and_the_draft_keeps_the_rest(
    client, open_call, field, value, message
):
    response = client.post(open_call.url, form_data(open_call, **{field: value}))

    assert has_error_page(response)
    assert message in page_text(response)
    saved = draft()
    assert saved.organisation_name == (
        "" if field == "organisation_name" else "Aire Valley Freedom Project"
    )
    assert NUL not in str(saved.draft_data)
    assert not sent_applications().exists()


def test_a_nul_in_a_calls_own_question_is_refused_by_name(client, open_call):
    response = client.post(
        open_call.url, form_data(open_call, **{question(open_call): "Survivors\x00 lead."})
    )

    assert (
        "Your answer to “How will survivors shape the project?” contains a hidden character"
        in page_text(response)
    )
    assert draft().draft_data[question(open_call)] == "Survivors lead."


@pytest.mark.postgres
def test_nuls_in_every_answer_at_once_are_no_database_error_on_postgresql(client, open_call):
    values = {
        field: value
        for field, value, _message in NUL_ANSWERS
        if field not in {"organisation_type", "districts"}
    }
    values[question(open_call)] = "Survivors\x00 lead."
    values["planned_end"] = "1/4/2028\x00"

    response = client.post(open_call.url, form_data(open_call, **values))

    assert has_error_page(response)
    assert page_text(response).count(HIDDEN) >= 9
    saved = draft()  # it reached PostgreSQL, without the NULs
    assert saved.draft_data["organisation_name"] == "Aire Valley Freedom"
    assert saved.draft_data["contact_email"] == "sam@example.org"


def test_a_nul_in_a_save_and_come_back_later_post_keeps_the_draft(client, open_call):
    response = client.post(
        open_call.url,
        form_data(open_call, action="save", project_title="Drop-in\x00 advice"),
    )

    assert response.status_code == 200
    assert draft().draft_data["project_title"] == "Drop-in advice"
    assert draft().project_title == ""  # only valid answers reach the columns


# --- megabytes ------------------------------------------------------------------


TEXT_FIELDS = [
    ("organisation_name", 200, "Organisation name"),
    ("registration_number", 20, "Registration number"),
    ("address", 500, "Address"),
    ("postcode", 10, "Postcode"),
    ("contact_name", 200, "Contact name"),
    ("contact_email", 254, "Contact e-mail address"),
    ("contact_phone", 30, "Contact telephone number"),
    ("project_title", 200, "Project title"),
    ("project_summary", 20_000, "Project summary"),
]


@pytest.mark.parametrize(("field", "limit", "label"), TEXT_FIELDS)
def test_a_megabyte_in_one_answer_is_a_message_with_the_limit(
    client, open_call, field, limit, label
):
    value = "x" * MEGABYTE

    response = client.post(open_call.url, form_data(open_call, **{field: value}))

    assert has_error_page(response)
    assert (
        f"{label} must be {limit} characters or fewer. It is {MEGABYTE} characters, "
        "so shorten it." in page_text(response)
    )
    assert draft().contact_name == ("" if field == "contact_name" else "Sam Example")
    assert not sent_applications().exists()


def test_a_megabyte_in_a_question_is_a_message_with_the_limit(client, open_call):
    response = client.post(
        open_call.url, form_data(open_call, **{question(open_call): "x" * MEGABYTE})
    )

    assert (
        "Your answer to “How will survivors shape the project?” must be 10000 characters "
        "or fewer." in page_text(response)
    )


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("amount_requested", "Enter a smaller amount."),
        ("planned_start", "Enter the start date as a date"),
    ],
)
def test_a_huge_amount_or_date_is_a_message(client, open_call, field, message):
    response = client.post(open_call.url, form_data(open_call, **{field: "9" * 100_000}))

    assert has_error_page(response)
    assert message in page_text(response)


def test_megabytes_in_every_answer_get_a_page_in_plain_words_and_lose_the_saved_draft_nothing(
    client, open_call
):
    client.post(open_call.url, form_data(open_call, action="save"))
    saved = draft()
    before = dict(saved.draft_data)
    flood = {field: "x" * MEGABYTE for field, _limit, _label in TEXT_FIELDS}
    token = str(saved.submission_token)

    response = client.post(open_call.url, form_data(open_call, submission_token=token, **flood))

    assert response.status_code == 400
    text = page_text(response)
    assert "Sorry, we could not accept what you sent" in text
    assert "shorten any very long answers" in text
    assert "Anything you saved before is safe." in text
    saved.refresh_from_db()
    assert saved.draft_data == before
    assert Application.objects.count() == 1


def test_an_e_mail_address_longer_than_its_column_is_a_message_not_a_database_error(
    client, open_call
):
    """Django's e-mail field takes up to 320 characters; the column holds 254
    (PostgreSQL would refuse the rest)."""
    email = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "org"
    assert len(email) == 308

    response = client.post(open_call.url, form_data(open_call, contact_email=email))

    assert has_error_page(response)
    assert "Contact e-mail address must be 254 characters or fewer. It is 308 characters" in (
        page_text(response)
    )
    assert draft().contact_email == ""
    assert draft().draft_data["contact_email"] == email


# --- the applicant's other forms ------------------------------------------------------


def bind_status(client, application):
    """Open the private link from the acknowledgement e-mail and press its button."""
    token = access.make_token(application, access.STATUS)
    client.post(reverse("fund_status_open", args=[token]))


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("We merged\x00 with another charity.", "Your reason contains a hidden character"),
        ("x" * MEGABYTE, "Your reason must be 2000 characters or fewer. It is 1048576"),
    ],
)
def test_a_bad_withdrawal_reason_is_a_message_and_the_application_stands(
    client, open_call, reason, message
):
    application = ApplicationFactory(page=open_call)
    bind_status(client, application)

    response = client.post(reverse("fund_status_withdraw"), {"withdraw-reason": reason})

    assert response.status_code == 200
    assert message in page_text(response)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.withdrawn_reason == ""


# --- staff forms ----------------------------------------------------------------------


def test_a_nul_in_the_award_form_is_a_message_and_nothing_is_awarded(client, open_call, manager):
    application = reviewed_application(open_call)
    client.force_login(manager)

    response = client.post(
        reverse("applications:award", args=[application.pk]),
        award_form("4000", public_reason="Reduces\x00 crime."),
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in page_text(response)
    assert not hasattr(Application.objects.get(pk=application.pk), "award")


def test_a_nul_in_a_review_comment_is_a_message_and_nothing_is_saved(
    client, open_call, panel_member, manager
):

    application = ApplicationFactory(page=open_call, status="eligible")
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
    criterion = open_call.criteria.get()
    client.force_login(panel_member)

    response = client.post(
        reverse("fund_reviews:review", args=[assignment.pk]),
        {
            "action": "draft",
            "comment": "Strong\x00 bid.",
            "recommendation": "",
            "suggested_amount": "",
            f"criterion_{criterion.pk}": "4",
            f"criterion_{criterion.pk}_comment": "",
        },
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in page_text(response)
    assert not Review.objects.exists()
