"""An award's page in the Wagtail admin: its figures, and acceptance,
instalments, payments, returns, withdrawal and completion through its forms."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fund.awards.models.awards import AwardLetter, BudgetEntry, FundReturn, Payment
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import payment_record
from tests.awards.admin.awards.helpers import TODAY, action_url, inspect_url, make_letter
from tests.support.banking import bank_details_approved
from tests.support.pages import page_text
from tests.support.states import fund_of

pytestmark = pytest.mark.django_db


def figures(client, award):
    response = client.get(inspect_url(award))
    assert response.status_code == 200
    found = response.context["figures"]
    return (found.amount, found.paid, found.returned, found.outstanding), page_text(response)


def test_the_award_page_shows_figures_conditions_dates_and_letters(client, finance, award):
    AwardLetter.objects.filter(award=award).update(status="failed", error="OSError: no fonts")
    superseded = make_letter(award, status="superseded")
    current = make_letter(award, status="current", reason="Address corrected")
    pending = make_letter(award, status="pending", reason="Schedule added")
    client.force_login(finance)

    (amount, paid, returned, outstanding), page = figures(client, award)

    assert (amount, paid, returned, outstanding) == (
        Decimal("4000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("4000.00"),
    )
    assert "Send a report within three months" in page
    assert award.accept_by.strftime("%-d %B %Y") in page
    assert "Commitment" in page  # the ledger
    for letter in (superseded, current):
        assert reverse("awards:letter_download", args=[letter.pk]) in page
        assert letter.sha256 in page
    assert reverse("awards:letter_download", args=[pending.pk]) not in page
    assert "Being made" in page
    first = AwardLetter.objects.get(award=award, version=1)
    assert reverse("awards:letter_retry", args=[first.pk]) in page
    assert "OSError: no fonts" in page
    assert "Address corrected" in page
    assert reverse("applications:history", args=[award.application_id]) in page
    assert "Award: SCF-2026-0601" in page


def test_the_award_page_offers_each_role_only_its_own_actions(client, manager, finance, award):
    def offered(user):
        client.force_login(user)
        page = page_text(client.get(inspect_url(award)))
        return {
            name
            for name in [
                "awards:instalment",
                "awards:accept",
                "awards:payment",
                "awards:return",
                "awards:withdraw",
                "awards:complete",
                "awards:reissue_letter",
            ]
            if action_url(name, award) in page
        }

    assert offered(manager) == {
        "awards:instalment",
        "awards:accept",
        "awards:withdraw",
        "awards:reissue_letter",
    }
    assert offered(finance) == {"awards:instalment", "awards:reissue_letter"}

    award_accept(award=award, name="Ann Lee", position="Chair", by=manager)
    bank_details_approved(award)
    assert offered(finance) == {
        "awards:instalment",
        "awards:payment",
        "awards:reissue_letter",
    }
    payment_record(award=award, paid_on=TODAY(), amount="4000", bacs_reference="ALL", by=finance)
    assert offered(finance) == {"awards:return", "awards:reissue_letter"}
    assert offered(manager) == {"awards:complete", "awards:reissue_letter"}


def test_recording_the_acceptance_through_the_form(client, manager, award):
    client.force_login(manager)

    response = client.post(action_url("awards:accept", award), {"name": "", "position": ""})
    assert response.context["form"].errors["name"] == [
        "Enter the name of the person accepting the offer."
    ]

    response = client.post(
        action_url("awards:accept", award), {"name": "Ann Lee", "position": "Chair"}
    )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(award)
    award.refresh_from_db()
    assert (award.status, award.accepted_name, award.accepted_position) == (
        "accepted",
        "Ann Lee",
        "Chair",
    )
    page = page_text(client.get(inspect_url(award)))
    assert "Ann Lee (Chair)" in page


def test_adding_instalments_through_the_form(client, finance, award):
    client.force_login(finance)
    url = action_url("awards:instalment", award)

    response = client.post(url, {"due_on": "1/6/2027", "amount": "2500"})
    assert response.status_code == 302
    response = client.post(url, {"due_on": "1/12/2027", "amount": "2000"})

    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == [
        "The schedule would add up to £4,500.00, more than the £4,000.00 awarded."
    ]
    response = client.post(url, {"due_on": "31/2/2027", "amount": "100"})
    assert response.context["form"].errors["due_on"] == [
        "Enter the date as day/month/year, like 31/3/2027."
    ]
    assert [(str(i.due_on), i.amount) for i in award.instalments.all()] == [
        ("2027-06-01", Decimal("2500.00"))
    ]
    assert "1 June 2027" in page_text(client.get(inspect_url(award)))


def test_payments_and_returns_through_the_forms_change_the_figures_and_the_ledger(
    client, finance, accepted
):
    fund = fund_of(accepted.application)
    client.force_login(finance)
    form = client.get(action_url("awards:payment", accepted)).context["form"]
    assert form["paid_on"].value() == TODAY()

    response = client.post(
        action_url("awards:payment", accepted),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": "1500", "bacs_reference": "SCF0601A"},
    )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(accepted)
    (amount, paid, returned, outstanding), page = figures(client, accepted)
    assert (paid, returned, outstanding) == (
        Decimal("1500.00"),
        Decimal("0.00"),
        Decimal("2500.00"),
    )
    assert "A payment of £1,500.00 to SCF-2026-0601 is recorded." in page
    assert "SCF0601A" in page

    response = client.post(
        action_url("awards:return", accepted),
        {
            "received_on": TODAY().strftime("%d/%m/%Y"),
            "amount": "500",
            "reason": "underspend",
            "note": "Venue cost less",
        },
    )

    assert response.status_code == 302
    (amount, paid, returned, outstanding), page = figures(client, accepted)
    assert (paid, returned, outstanding) == (
        Decimal("1500.00"),
        Decimal("500.00"),
        Decimal("2500.00"),
    )
    assert "£500.00 returned by SCF-2026-0601 is recorded and back in the budget." in page
    entry = BudgetEntry.objects.get(award=accepted, kind="return")
    assert (entry.amount, entry.reason, entry.created_by) == (
        Decimal("-500.00"),
        "Underspend: Venue cost less",
        finance,
    )
    assert fund_of(accepted.application).committed == fund.committed - Decimal("500.00")
    assert FundReturn.objects.get().recorded_by == finance


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"amount": "4000.01", "bacs_reference": "SCF1"},
            "amount",
            "This payment would take the total paid to £4,000.01, more than the £4,000.00 "
            "awarded. At most £4,000.00 is left to pay.",
        ),
        (
            {"amount": "100", "bacs_reference": "not allowed!"},
            "bacs_reference",
            "Enter the BACS reference: up to 18 letters, numbers, spaces or . - / &.",
        ),
        ({"amount": "0", "bacs_reference": "SCF1"}, "amount", "Enter an amount of more than £0."),
    ],
)
def test_the_payment_form_says_what_is_wrong(client, finance, accepted, data, field, message):
    client.force_login(finance)

    response = client.post(
        action_url("awards:payment", accepted),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), **data},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "There is a problem" in page_text(response)
    assert not Payment.objects.exists()


def test_a_payment_on_an_award_not_yet_accepted_is_refused_in_words(client, finance, award):
    client.force_login(finance)

    response = client.post(
        action_url("awards:payment", award),
        {"paid_on": TODAY().strftime("%d/%m/%Y"), "amount": "100", "bacs_reference": "X"},
    )

    assert response.status_code == 200
    assert "Payments can be recorded only on an accepted award. This one is offered." in page_text(
        response
    )
    assert not Payment.objects.exists()


def test_the_payment_form_is_not_offered_before_the_award_is_accepted(client, finance, award):
    client.force_login(finance)

    response = client.get(action_url("awards:payment", award), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/{award.pk}/")
    assert (
        f"No payment can be recorded for {award.reference} yet: the offer has not been accepted."
        in page_text(response)
    )
    assert "Record the payment" not in page_text(response)


def test_withdrawing_through_the_form_releases_what_was_not_paid(
    client, manager, finance, accepted
):
    payment_record(
        award=accepted, paid_on=TODAY(), amount="1500", bacs_reference="SCF0601A", by=finance
    )
    client.force_login(manager)
    url = action_url("awards:withdraw", accepted)

    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == [
        "Give the reason for withdrawing the award."
    ]

    response = client.post(url, {"reason": "The project did not start."})

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "withdrawn"
    release = BudgetEntry.objects.get(award=accepted, kind="release")
    assert (release.amount, release.reason) == (Decimal("-2500.00"), "The project did not start.")
    assert fund_of(accepted.application).committed == Decimal("1500.00")
    (amount, paid, returned, outstanding), page = figures(client, accepted)
    assert (paid, outstanding) == (Decimal("1500.00"), Decimal("0.00"))
    assert "Release" in page
    assert "The project did not start." in page
    assert action_url("awards:withdraw", accepted) not in page
    # A letter would offer a grant that is no longer there.
    assert action_url("awards:reissue_letter", accepted) not in page


def test_completing_a_fully_paid_award_through_the_form(client, manager, finance, accepted):
    client.force_login(manager)
    url = action_url("awards:complete", accepted)

    response = client.post(url, {})
    assert response.status_code == 200
    assert "Only a fully paid award can be marked completed." in page_text(response)

    payment_record(award=accepted, paid_on=TODAY(), amount="4000", bacs_reference="ALL", by=finance)
    # Its final report is not in: completing it needs a note saying why.
    response = client.post(url, {})
    assert response.status_code == 200
    assert "The final report of" in page_text(response)
    response = client.post(url, {"note": "The grantee reported on paper."})

    assert response.status_code == 302
    accepted.refresh_from_db()
    assert accepted.status == "completed"
