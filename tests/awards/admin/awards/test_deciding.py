"""Deciding in the Wagtail admin: the award and decline forms, and who may use
them."""

from decimal import Decimal

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from fund.awards.models.awards import Award, AwardLetter, BudgetEntry, Payment
from fund.calls.models import FundPage
from tests.awards.admin.awards.helpers import (
    CONDITIONS,
    TODAY,
    action_url,
    application_url,
    inspect_url,
)
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.support.editing import editor_value
from tests.support.pages import assert_refused, page_text
from tests.support.plans import budget_posted
from tests.support.states import DECIDE_NOW, award_url, decline_url, fund_of

pytestmark = pytest.mark.django_db


def test_the_application_offers_award_and_decline_to_a_fund_manager(client, manager, reviewed):
    client.force_login(manager)

    page = page_text(client.get(application_url(reviewed)))

    assert award_url(reviewed) in page
    assert decline_url(reviewed) in page
    assert "No decision has been made yet." in page


def test_the_application_offers_finance_no_decision(client, finance, reviewed):
    client.force_login(finance)

    page = page_text(client.get(application_url(reviewed)))

    assert award_url(reviewed) not in page
    assert decline_url(reviewed) not in page


def test_no_decision_is_offered_before_the_application_is_reviewed(client, manager, open_call):
    eligible = ApplicationFactory(page=open_call, status="eligible")
    client.force_login(manager)

    page = page_text(client.get(application_url(eligible)))
    response = client.get(award_url(eligible))

    assert award_url(eligible) not in page
    assert response.status_code == 302
    assert response["Location"] == application_url(eligible)
    follow = page_text(client.get(response["Location"]))
    assert "is eligible, so no decision can be made on it now." in follow


def test_the_award_form_is_filled_in_and_shows_what_can_be_awarded(
    client, manager, reviewed, fund_page
):
    FundPage.objects.filter(pk=fund_page.pk).update(
        committed=Decimal("12500.00"), default_conditions="<p>Report every quarter.</p>"
    )
    client.force_login(manager)

    response = client.get(award_url(reviewed))

    assert response.status_code == 200
    form = response.context["form"]
    # No review is in, so the panel has agreed no amount (tests/awards/admin/decisions/).
    assert form["amount"].value() is None
    assert "Report every quarter." in form["conditions"].value()
    page = page_text(response)
    assert "No review of this application has been submitted yet." in page
    assert "£37,500.00 of £50,000.00" in page  # left in the budget
    assert "This call's maximum award" in page
    assert "£5,000.00" in page
    assert "data-draftail-input" in page  # Wagtail's rich text editor


def test_awarding_through_the_form_commits_the_budget_and_sends_the_offer_and_letter(
    client, manager, reviewed, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            award_url(reviewed),
            {
                **DECIDE_NOW,
                "amount": "4750.00",
                "conditions": editor_value(CONDITIONS),
                **budget_posted("4750.00"),
            },
        )

    assert response.status_code == 302
    assert response["Location"] == application_url(reviewed)
    reviewed.refresh_from_db()
    assert reviewed.status == "awarded"
    award = Award.objects.get(application=reviewed)
    assert (award.amount, award.status, award.decided_by) == (
        Decimal("4750.00"),
        "offered",
        manager,
    )
    assert "three months of the project" in award.conditions
    assert fund_of(reviewed).committed == Decimal("4750.00")
    entry = BudgetEntry.objects.get(award=award)
    assert (entry.kind, entry.amount, entry.created_by) == ("commit", Decimal("4750.00"), manager)
    assert [message.to for message in mail.outbox] == [[reviewed.contact_email]]
    assert "£4,750.00" in mail.outbox[0].body
    letter = AwardLetter.objects.get(award=award)
    assert (letter.version, letter.status) == (1, "current")
    with letter.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert "fund.award.make" in ModelLogEntry.objects.values_list("action", flat=True)

    page = page_text(client.get(response["Location"]))
    assert "SCF-2026-0501 is awarded £4,750.00." in page
    assert inspect_url(award) in page  # the decision section links to the award
    assert award_url(reviewed) not in page  # no second decision


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "Enter an amount of more than £0."),
        ("0", "Enter an amount of more than £0."),
        ("0.001", "Enter the amount in pounds and pence, with no more than 2 decimal places."),
        ("5000.01", "The award cannot be more than the £5,000.00 requested."),
        ("lots", "Enter the amount in pounds, like 2500 or 2500.50."),
        ("", "Enter the amount in pounds, like 2500 or 2500.50."),
    ],
)
def test_the_award_form_says_what_is_wrong_with_the_amount(
    client, manager, reviewed, amount, message
):
    client.force_login(manager)

    response = client.post(
        award_url(reviewed),
        {**DECIDE_NOW, "amount": amount, "conditions": editor_value(CONDITIONS)},
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert response.context["form"].errors["amount"] == [message]
    assert page.count(message) >= 2  # in the summary and by the field
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("0.00")
    reviewed.refresh_from_db()
    assert reviewed.status == "reviewed"


def test_the_award_form_refuses_more_than_the_fund_has_left(client, manager, reviewed, fund_page):
    FundPage.objects.filter(pk=fund_page.pk).update(committed=Decimal("48000.00"))
    client.force_login(manager)

    response = client.post(
        award_url(reviewed),
        {**DECIDE_NOW, "amount": "2500", "conditions": editor_value(CONDITIONS)},
    )

    assert response.status_code == 200
    assert (
        response.context["form"]
        .errors["amount"][0]
        .startswith("The fund has only £2,000.00 left, so it cannot award £2,500.00.")
    )
    assert "£2,000.00 of £50,000.00" in page_text(response)
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("48000.00")


def test_the_award_form_refuses_more_than_the_calls_maximum(client, manager, fund_page):
    call = make_call(fund_page, slug="small", maximum_award=Decimal("1000"))
    application = ApplicationFactory(page=call, status="reviewed", amount_requested=Decimal("1500"))
    client.force_login(manager)

    response = client.post(
        award_url(application),
        {**DECIDE_NOW, "amount": "1200", "conditions": editor_value(CONDITIONS)},
    )

    assert response.context["form"].errors["amount"] == [
        "The award cannot be more than this call's maximum of £1,000.00."
    ]
    assert not Award.objects.exists()


@pytest.mark.parametrize("conditions", ["", "<p>not the editor's JSON</p>", "{}"])
def test_the_award_form_needs_conditions(client, manager, reviewed, conditions):
    client.force_login(manager)

    response = client.post(
        award_url(reviewed), {**DECIDE_NOW, "amount": "100", "conditions": conditions}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["conditions"] == ["Enter the conditions of the grant."]
    assert not Award.objects.exists()


def test_declining_through_the_form_e_mails_the_reason_and_feedback(
    client, manager, reviewed, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decline_url(reviewed),
            {
                **DECIDE_NOW,
                "reason": "budget",
                "feedback": "A strong bid; please apply to the next round.",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == application_url(reviewed)
    reviewed.refresh_from_db()
    assert (reviewed.status, reviewed.decline_reason, reviewed.declined_by) == (
        "declined",
        "budget",
        manager,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reviewed.contact_email]
    assert "Not enough budget left in this round" in mail.outbox[0].body
    assert "please apply to the next round" in mail.outbox[0].body
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("0.00")
    page = page_text(client.get(response["Location"]))
    assert "SCF-2026-0501 is declined." in page
    assert "Feedback sent to the applicant" in page
    assert decline_url(reviewed) not in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {**DECIDE_NOW, "reason": "", "feedback": "Thank you."},
            "reason",
            "Choose the reason the application is declined.",
        ),
        (
            {**DECIDE_NOW, "reason": "score", "feedback": "  "},
            "feedback",
            "Write some feedback for the applicant.",
        ),
    ],
)
def test_the_decline_form_says_what_is_missing(client, manager, reviewed, data, field, message):
    client.force_login(manager)

    response = client.post(decline_url(reviewed), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in page_text(response)
    reviewed.refresh_from_db()
    assert reviewed.status == "reviewed"
    assert mail.outbox == []


def test_finance_cannot_award_decline_accept_withdraw_or_complete(client, finance, reviewed, award):
    client.force_login(finance)
    fund = fund_of(reviewed)
    entries = BudgetEntry.objects.count()

    assert_refused(
        client.post(
            award_url(reviewed),
            {**DECIDE_NOW, "amount": "100", "conditions": editor_value("<p>x</p>")},
        )
    )
    assert_refused(
        client.post(decline_url(reviewed), {**DECIDE_NOW, "reason": "score", "feedback": "No."})
    )
    assert_refused(client.post(action_url("awards:accept", award), {"name": "A", "position": "B"}))
    assert_refused(client.post(action_url("awards:withdraw", award), {"reason": "Fraud"}))
    assert_refused(client.post(action_url("awards:complete", award), {}))

    reviewed.refresh_from_db()
    award.refresh_from_db()
    assert reviewed.status == "reviewed"
    assert not Award.objects.filter(application=reviewed).exists()
    assert award.status == "offered"
    assert award.accepted_at is None
    assert BudgetEntry.objects.count() == entries
    assert fund_of(reviewed).committed == fund.committed
    assert mail.outbox == []


def test_fund_managers_cannot_record_payments_or_returns(client, manager, accepted):
    client.force_login(manager)

    assert_refused(
        client.post(
            action_url("awards:payment", accepted),
            {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": "100", "bacs_reference": "X1"},
        )
    )
    assert_refused(client.post(action_url("awards:return", accepted), {"amount": "1"}))
    assert not Payment.objects.exists()
