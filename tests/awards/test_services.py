"""Decisions and money at the service layer: awards against the budget, the
ledger, payments, returns, and the e-mails they queue."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.awards.models.awards import Award, BudgetEntry
from fund.awards.selectors import paid_total
from fund.awards.services.decisions import application_decline, award_make
from fund.awards.services.lifecycle import award_accept, award_decline_by_applicant, award_withdraw
from fund.awards.services.payments import instalment_add, payment_record, return_record
from fund.calls.models import FundPage
from fund.core.errors import ServiceError
from fund.core.outbox import QueuedEmail
from tests.factories import ApplicationFactory
from tests.factories.calls import make_call
from tests.support.banking import bank_details_approved
from tests.support.states import award, fund_of

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def reviewed(open_call):
    """An application ready for a decision (in review), asking for £4,000."""
    return ApplicationFactory(page=open_call, status="in_review", amount_requested=Decimal("4000"))


def ledger_sum(fund):
    return BudgetEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or Decimal(0)


def test_an_award_commits_its_amount_and_writes_the_ledger(reviewed, manager):
    made = award(reviewed, manager, "3000.00")

    fund = fund_of(reviewed)
    reviewed.refresh_from_db()
    assert reviewed.status == "awarded"
    assert made.status == "offered"
    assert made.amount == Decimal("3000.00")
    assert fund.committed == Decimal("3000.00")
    assert ledger_sum(fund) == fund.committed
    entry = BudgetEntry.objects.get()
    assert (entry.kind, entry.amount, entry.created_by) == ("commit", Decimal("3000.00"), manager)
    assert made.accept_by == TODAY() + dt.timedelta(days=28)
    assert made.period_start == reviewed.planned_start
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"fund.award.make", "fund.budget.commit", "fund.letter.request"} <= actions


def test_conditions_default_to_the_funds_own(reviewed, manager):
    fund = fund_of(reviewed)
    FundPage.objects.filter(pk=fund.pk).update(default_conditions="<p>Default terms.</p>")
    made = award_make(
        early_reason="Decided early in a test.",
        application=reviewed,
        amount="100",
        conditions="",
        by=manager,
    )
    assert made.conditions == "<p>Default terms.</p>"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "Enter an amount of more than £0."),
        ("0", "Enter an amount of more than £0."),
        ("0.001", "Enter the amount in pounds and pence, with no more than 2 decimal places."),
        ("lots", "Enter the amount in pounds, like 2500 or 2500.50."),
        ("NaN", "Enter the amount in pounds, like 2500 or 2500.50."),
        ("4000.01", "The award cannot be more than the £4,000.00 requested."),
    ],
)
def test_award_amounts_are_checked(reviewed, manager, amount, message):
    with pytest.raises(ServiceError) as error:
        award(reviewed, manager, amount)
    assert error.value.message == message
    assert not Award.objects.exists()
    assert fund_of(reviewed).committed == Decimal("0.00")


def test_an_award_is_refused_above_the_calls_maximum(fund_page, manager):

    call = make_call(fund_page, slug="small", maximum_award=Decimal("1000"))
    application = ApplicationFactory(page=call, status="reviewed", amount_requested=Decimal("900"))
    application.amount_requested = Decimal("1500")
    application.save()
    with pytest.raises(ServiceError) as error:
        award(application, manager, "1200")
    assert error.value.message == "The award cannot be more than this call's maximum of £1,000.00."


def test_an_award_is_refused_when_the_budget_would_be_exceeded(reviewed, manager):
    fund = fund_of(reviewed)
    FundPage.objects.filter(pk=fund.pk).update(committed=Decimal("48000.00"))
    with pytest.raises(ServiceError) as error:
        award(reviewed, manager, "2000.01")
    assert error.value.message.startswith(
        "The fund has only £2,000.00 left, so it cannot award £2,000.01."
    )
    award(reviewed, manager, "2000.00")
    assert fund_of(reviewed).committed == Decimal("50000.00")


def test_a_decision_needs_an_application_under_review(open_call, manager):
    submitted = ApplicationFactory(page=open_call, status="submitted")
    with pytest.raises(ServiceError) as error:
        award(submitted, manager)
    assert "no decision can be made on it now" in error.value.message


def test_an_application_is_awarded_once(reviewed, manager):
    award(reviewed, manager)
    with pytest.raises(ServiceError):
        award(reviewed, manager)
    assert fund_of(reviewed).committed == Decimal("3000.00")


def test_a_decline_records_the_reason_and_feedback_and_tells_the_applicant(
    reviewed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(
            early_reason="Decided early in a test.",
            application=reviewed,
            reason="score",
            feedback="The outcomes were not measurable.",
            by=manager,
        )

    reviewed.refresh_from_db()
    assert reviewed.status == "declined"
    assert reviewed.declined_by == manager
    assert len(mail.outbox) == 1
    assert "The outcomes were not measurable." in mail.outbox[0].body
    assert "Scored below the funding line" in mail.outbox[0].body


def test_a_decline_needs_feedback(reviewed, manager):
    with pytest.raises(ServiceError) as error:
        application_decline(
            early_reason="Decided early in a test.",
            application=reviewed,
            reason="score",
            feedback=" ",
            by=manager,
        )
    assert error.value.errors == {"feedback": "Write some feedback for the applicant."}


def test_the_offer_email_is_sent_once_the_award_commits(
    reviewed, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award(reviewed, manager, "2500")

    offers = [m for m in mail.outbox if "Grant offer" in m.subject]
    assert len(offers) == 1
    assert "£2,500.00" in offers[0].body
    assert QueuedEmail.objects.get(kind="offer").sent_at is not None


def test_a_failing_mail_server_leaves_the_award_and_the_email_queued_for_retry(
    reviewed, manager, settings, django_capture_on_commit_callbacks
):

    settings.EMAIL_BACKEND = "tests.support.mail.BrokenMailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        made = award(reviewed, manager, "2500")

    assert Award.objects.filter(pk=made.pk).exists()
    queued = QueuedEmail.objects.get(kind="offer")
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "the mail server is down" in queued.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_email", stdout=open("/dev/null", "w"))  # noqa: SIM115

    queued.refresh_from_db()
    assert queued.sent_at is not None
    assert [m.subject for m in mail.outbox] == [queued.subject]


# --- the award's life and the ledger --------------------------------------------


def test_withdrawing_an_unpaid_award_releases_all_of_it(reviewed, manager):
    made = award(reviewed, manager, "3000")
    award_withdraw(award=made, reason="The project cannot start.", by=manager)

    fund = fund_of(reviewed)
    assert fund.committed == Decimal("0.00")
    assert ledger_sum(fund) == Decimal("0.00")
    assert list(BudgetEntry.objects.values_list("kind", "amount")) == [
        ("commit", Decimal("3000.00")),
        ("release", Decimal("-3000.00")),
    ]


def test_an_applicant_declining_the_offer_releases_it(reviewed, manager):
    made = award(reviewed, manager, "3000")
    award_decline_by_applicant(award=made, reason="We found other funding.", by=None)
    made.refresh_from_db()
    assert made.status == "declined"
    assert fund_of(reviewed).committed == Decimal("0.00")


def test_payments_up_to_the_award_then_paid(reviewed, manager, finance):
    made = award(reviewed, manager, "3000")
    with pytest.raises(ServiceError) as error:
        payment_record(
            award=made, paid_on=TODAY(), amount="1000", bacs_reference="SCF1", by=finance
        )
    assert "only on an accepted award" in error.value.message

    award_accept(award=made, name="Sam Example", position="Chair", by=None)
    bank_details_approved(made)
    payment_record(award=made, paid_on=TODAY(), amount="1000", bacs_reference="SCF1", by=finance)
    with pytest.raises(ServiceError) as error:
        payment_record(
            award=made, paid_on=TODAY(), amount="2000.01", bacs_reference="SCF2", by=finance
        )
    assert error.value.message == (
        "This payment would take the total paid to £3,000.01, more than the £3,000.00 "
        "awarded. At most £2,000.00 is left to pay."
    )
    payment_record(award=made, paid_on=TODAY(), amount="2000", bacs_reference="SCF2", by=finance)
    made.refresh_from_db()
    assert made.status == "paid"
    assert paid_total(made) == Decimal("3000.00")
    # paying does not change the commitment: the money is spent from it
    assert fund_of(reviewed).committed == Decimal("3000.00")


def test_a_payment_needs_a_valid_bacs_reference_and_no_future_date(reviewed, manager, finance):
    made = award(reviewed, manager, "3000")
    award_accept(award=made, name="Sam", position="Chair", by=None)
    bank_details_approved(made)
    with pytest.raises(ServiceError) as error:
        payment_record(
            award=made, paid_on=TODAY(), amount="10", bacs_reference="=cmd|x", by=finance
        )
    assert "Enter the BACS reference" in error.value.message
    with pytest.raises(ServiceError) as error:
        payment_record(
            award=made,
            paid_on=TODAY() + dt.timedelta(days=1),
            amount="10",
            bacs_reference="OK1",
            by=finance,
        )
    assert error.value.message == "The payment date cannot be in the future."


def test_withdrawing_a_part_paid_award_releases_only_the_unpaid_part(reviewed, manager, finance):
    made = award(reviewed, manager, "3000")
    award_accept(award=made, name="Sam", position="Chair", by=None)
    bank_details_approved(made)
    payment_record(award=made, paid_on=TODAY(), amount="1000", bacs_reference="P1", by=finance)
    award_withdraw(award=made, reason="Safeguarding concern.", by=manager)

    fund = fund_of(reviewed)
    assert fund.committed == Decimal("1000.00")
    assert ledger_sum(fund) == fund.committed


def test_returned_money_goes_back_to_the_fund_with_its_reason(reviewed, manager, finance):
    made = award(reviewed, manager, "3000")
    award_accept(award=made, name="Sam", position="Chair", by=None)
    bank_details_approved(made)
    payment_record(award=made, paid_on=TODAY(), amount="3000", bacs_reference="P1", by=finance)
    with pytest.raises(ServiceError) as error:
        return_record(
            award=made, received_on=TODAY(), amount="3000.01", reason="underspend", by=finance
        )
    assert error.value.message == (
        "Only £3,000.00 has been paid and not yet returned on this award."
    )
    return_record(
        award=made,
        received_on=TODAY(),
        amount="250.50",
        reason="underspend",
        note="Venue cost less than planned.",
        by=finance,
    )

    fund = fund_of(reviewed)
    assert fund.committed == Decimal("2749.50")
    assert ledger_sum(fund) == fund.committed
    entry = BudgetEntry.objects.get(kind="return")
    assert entry.amount == Decimal("-250.50")
    assert entry.reason == "Underspend: Venue cost less than planned."
    assert ModelLogEntry.objects.filter(action="fund.budget.return").exists()


def test_the_schedule_cannot_add_up_to_more_than_the_award(reviewed, manager):
    made = award(reviewed, manager, "3000")
    instalment_add(award=made, due_on=TODAY(), amount="2000", by=manager)
    with pytest.raises(ServiceError) as error:
        instalment_add(award=made, due_on=TODAY(), amount="1000.01", by=manager)
    assert error.value.message == (
        "The schedule would add up to £3,000.01, more than the £3,000.00 awarded."
    )


def test_ledger_entries_cannot_be_changed(reviewed, manager):
    award(reviewed, manager)
    entry = BudgetEntry.objects.get()
    entry.amount = Decimal("1")
    with pytest.raises(ValueError):
        entry.save()


def test_the_database_refuses_an_over_commitment_whatever_the_code_does(reviewed):

    fund = fund_of(reviewed)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundPage.objects.filter(pk=fund.pk).update(committed=Decimal("50000.01"))


def test_the_published_reason_is_kept_with_the_award(reviewed, manager):
    made = award_make(
        early_reason="Decided early in a test.",
        application=reviewed,
        amount="1000",
        conditions="<p>Report quarterly.</p>",
        public_reason="  Helps victims leave exploitation safely.  ",
        by=manager,
    )
    assert made.public_reason == "Helps victims leave exploitation safely."


def test_publishing_the_fund_page_never_winds_back_the_commitment(reviewed, manager):
    """A revision holds a copy of every field; publishing one saved before an
    award must not put the old committed total back."""
    fund = fund_of(reviewed)
    revision = fund.save_revision(user=manager)  # committed is 0.00 in it
    award(reviewed, manager, "3000.00")

    revision.publish(user=manager)

    fund.refresh_from_db()
    assert fund.committed == Decimal("3000.00")
    assert ledger_sum(fund) == fund.committed
