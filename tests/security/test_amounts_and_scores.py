"""Amounts and scores that are out of range or not numbers at all: in the
application form, the award and payment forms, and the panel's review form.
Each is a message in plain words, and nothing is saved or committed."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.awards.models.awards import Award, BudgetEntry, Payment
from fund.awards.services.lifecycle import award_accept
from fund.calls.models import FundPage
from fund.reviews.models import CriterionScore, Review
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import ApplicationFactory
from tests.security.helpers import (
    CONDITIONS,
    award_form,
    has_error_page,
    page_text,
    reviewed_application,
)
from tests.support import states
from tests.support.applying import apply, sent_applications
from tests.support.banking import bank_details_approved

pytestmark = pytest.mark.django_db

IN_POUNDS = "Enter the amount in pounds, like 2500 or 2500.50."
BETWEEN = "Enter an amount between £500.00 and £5,000.00."


# --- the application form ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-2500", BETWEEN),
        ("0", BETWEEN),
        ("0.00", BETWEEN),
        ("1000000000", BETWEEN),
        ("5000.01", BETWEEN),
        ("1e9", IN_POUNDS),
        ("1e3", IN_POUNDS),
        ("NaN", IN_POUNDS),
        ("sNaN", IN_POUNDS),
        ("Infinity", IN_POUNDS),
        ("-Infinity", IN_POUNDS),
        ("0x9C4", IN_POUNDS),
        ("2,50", IN_POUNDS),
        ("25,00.00", IN_POUNDS),
        ("£", IN_POUNDS),
        ("2500 pounds", IN_POUNDS),
        ("2500.505", "Enter the amount in pounds and pence, like 2500.50."),
        ("9" * 40, "Enter a smaller amount."),
        ("", "Enter the amount you are asking for."),
        ("   ", "Enter the amount you are asking for."),
    ],
)
def test_an_amount_requested_that_is_out_of_range_or_not_money_is_refused(
    client, open_call, typed, message
):
    response = apply(client, open_call, amount_requested=typed)

    assert has_error_page(response)
    text = page_text(response)
    assert message in text
    assert 'value="Aire Valley Freedom Project"' in text
    assert not sent_applications().exists()


@pytest.mark.parametrize("typed", ["£2,500.00", "2,500", "£ 2500", " 2500.00 ", "2500"])
def test_an_amount_written_as_people_write_money_is_understood(client, open_call, typed):
    response = apply(client, open_call, amount_requested=typed)

    assert "Application sent" in page_text(response)
    assert sent_applications().get().amount_requested == Decimal("2500.00")


# --- the award form ---------------------------------------------------------------


@pytest.fixture
def decidable(open_call):
    return reviewed_application(open_call, amount_requested=Decimal("5000.00"))


def nothing_committed(application):
    assert not Award.objects.filter(application=application).exists()
    assert not BudgetEntry.objects.exists()
    assert FundPage.objects.get().committed == Decimal("0.00")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-1", "Enter an amount of more than £0."),
        ("0", "Enter an amount of more than £0."),
        ("0.00", "Enter an amount of more than £0."),
        ("1e9", IN_POUNDS),
        ("1e30", IN_POUNDS),
        ("NaN", IN_POUNDS),
        ("Infinity", IN_POUNDS),
        ("-Infinity", IN_POUNDS),
        ("", IN_POUNDS),
        ("four thousand", IN_POUNDS),
        ("4000.001", "Enter the amount in pounds and pence, with no more than 2 decimal places."),
        ("1000000000", "The award cannot be more than the £5,000.00 requested."),
        ("9" * 40, "Enter an amount of less than £10,000,000,000.00."),
        ("0." + "0" * 40 + "1", "with no more than 2 decimal places."),
    ],
)
def test_an_award_amount_that_is_out_of_range_or_not_money_is_refused(
    client, manager, decidable, typed, message
):
    client.force_login(manager)

    response = client.post(reverse("applications:award", args=[decidable.pk]), award_form(typed))

    assert response.status_code == 200
    assert message in page_text(response)
    nothing_committed(decidable)


@pytest.mark.parametrize("typed", ["£4,000.00", "4,000", "4000"])
def test_an_award_amount_written_as_people_write_money_is_understood(
    client, manager, decidable, typed
):
    client.force_login(manager)

    response = client.post(reverse("applications:award", args=[decidable.pk]), award_form(typed))

    assert response.status_code == 302
    assert Award.objects.get(application=decidable).amount == Decimal("4000.00")
    assert FundPage.objects.get().committed == Decimal("4000.00")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e30", IN_POUNDS),
        ("9" * 40, "Enter an amount of less than £10,000,000,000.00."),
        ("-100", "Enter an amount of more than £0."),
        ("NaN", IN_POUNDS),
    ],
)
def test_a_payment_amount_that_is_not_money_is_refused(
    client, open_call, manager, finance, typed, message
):
    award = states.award(reviewed_application(open_call), manager, "4000.00", conditions=CONDITIONS)
    award_accept(award=award, name="Sam Example", position="Chair", by=manager)
    bank_details_approved(award)
    client.force_login(finance)

    response = client.post(
        reverse("awards:payment", args=[award.pk]),
        {
            "paid_on": timezone.localdate().strftime("%d/%m/%Y"),
            "amount": typed,
            "bacs_reference": "SCF 0001",
        },
    )

    assert response.status_code == 200
    assert message in page_text(response)
    assert not Payment.objects.exists()


# --- the panel's review form -------------------------------------------------------

BAD_SCORE = "The score for Need and evidence must be a whole number from 0 to 5."


@pytest.fixture
def scoring(open_call, panel_member, manager):
    """A panel member ready to score an eligible application."""
    application = ApplicationFactory(page=open_call, status="eligible")
    assignment = reviewer_assign(application=application, reviewer=panel_member, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
    return assignment


def review_post(client, assignment, *, score, action="draft", **fields):
    criterion = assignment.application.page.specific.criteria.get()
    return client.post(
        reverse("fund_reviews:review", args=[assignment.pk]),
        {
            "action": action,
            "comment": "A strong bid.",
            "recommendation": "fund_full",
            "suggested_amount": "",
            f"criterion_{criterion.pk}": score,
            f"criterion_{criterion.pk}_comment": "",
            **fields,
        },
    )


@pytest.mark.parametrize(
    "score", ["6", "-1", "abc", "2.5", "1e1", "NaN", "9" * 30, "٣", "３", "0x3", "+3"]
)
@pytest.mark.parametrize("action", ["draft", "submit"])
def test_a_score_out_of_range_or_not_a_whole_number_is_refused(
    client, panel_member, scoring, score, action
):
    client.force_login(panel_member)

    response = review_post(client, scoring, score=score, action=action)

    assert response.status_code == 200
    assert BAD_SCORE in page_text(response)
    assert not Review.objects.exists()
    assert not CriterionScore.objects.exists()


def test_a_score_in_range_is_saved(client, panel_member, scoring):
    client.force_login(panel_member)

    response = review_post(client, scoring, score="5", action="submit")

    assert response.status_code == 302
    assert Review.objects.get().scores.get().score == 5


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "Enter the suggested amount in pounds, for example 1500 or 1500.50."),
        ("1e30", "Enter the suggested amount in pounds, for example 1500 or 1500.50."),
        ("12.345", "Enter the suggested amount in pounds, for example 1500 or 1500.50."),
        ("-5", "The suggested amount must be more than £0 and no more than"),
        ("0", "The suggested amount must be more than £0 and no more than"),
        ("999999", "The suggested amount must be more than £0 and no more than"),
    ],
)
def test_a_suggested_amount_that_is_out_of_range_or_not_money_is_refused(
    client, panel_member, scoring, typed, message
):
    client.force_login(panel_member)

    response = review_post(
        client,
        scoring,
        score="4",
        action="submit",
        recommendation="fund_part",
        suggested_amount=typed,
    )

    assert response.status_code == 200
    assert message in page_text(response)
    assert not Review.objects.filter(status="submitted").exists()
