"""Changes to bank details, confirmed and approved, and payments only to
approved details."""

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.awards.models.awards import Payment
from fund.awards.models.bank import BankDetails
from fund.awards.services.bank import bank_details_approve, bank_details_change
from fund.awards.services.lifecycle import award_accept, award_withdraw
from fund.core.errors import ServiceError
from fund.core.outbox import QueuedEmail
from tests.awards.bank_details.helpers import GOOD, accept, bank_page, grantee
from tests.support.banking import BANK_DETAILS, finance_user
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def payment_page(award):
    return reverse("awards:payment", args=[award.pk])


def confirm_path(email):
    match = re.search(r"https?://\S+(/apply/bank-details/confirm/\S+/)", email.body)
    assert match, email.body
    return match.group(1)


def test_a_change_waits_for_the_contact_and_a_second_finance_user(
    client, accepted, finance, django_capture_on_commit_callbacks
):
    browser = grantee(accepted)
    with django_capture_on_commit_callbacks(execute=True):
        asked = browser.post(
            "/apply/status/bank-details/",
            {"account_name": "New Name Ltd", "sort_code": "65 43 21", "account_number": "87654321"},
        )
    assert asked["Location"] == "/apply/status/bank-details/sent/"
    [email] = QueuedEmail.objects.filter(kind="bank_confirm")
    assert email.to == accepted.application.contact_email
    assert "SCF-2026-0701" in email.body
    for typed in ("New Name", "87654321", "4321", "654321"):
        assert typed not in email.body + email.subject

    # Payments still go to the approved details, and the form says so.
    client.force_login(finance)
    form = page_text(client.get(payment_page(accepted)))
    assert "12345678" in form and "87654321" not in form
    assert "A change of bank details (to ••••4321) is waiting" in form

    # The link shows a button; only pressing it confirms.
    path = confirm_path(email)
    assert "Confirm the new bank details" in page_text(browser.get(path))
    pending = BankDetails.objects.get(status="pending")
    assert pending.confirmed_at is None
    assert "New bank details confirmed" in page_text(Client().post(path))

    bank_details_approve(details=pending, by=finance)
    client.force_login(finance)
    form = page_text(client.get(payment_page(accepted)))
    assert "87654321" in form and "New Name Ltd" in form
    versions = dict(BankDetails.objects.values_list("version", "status"))
    assert versions == {1: "superseded", 2: "approved"}
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"fund.bank.change", "fund.bank.confirm", "fund.bank.approve"} <= actions


def test_finance_cannot_approve_the_change_they_entered(
    client, accepted, finance, django_capture_on_commit_callbacks
):
    client.force_login(finance)
    with django_capture_on_commit_callbacks(execute=True):
        entered = client.post(
            reverse("awards:bank_details_enter", args=[accepted.pk]),
            {"account_name": "Phoned In CIO", "sort_code": "112233", "account_number": "11112222"},
        )
    assert entered.status_code == 302
    pending = BankDetails.objects.get(status="pending")
    assert pending.entered_by == finance and pending.needs_confirmation

    page = page_text(client.get(bank_page(accepted)))
    assert "another member of finance must approve them" in page
    refused = client.post(
        bank_page(accepted), {"action": "approve", "details": pending.pk}, follow=True
    )
    assert "You entered these bank details" in page_text(refused)
    pending.refresh_from_db()
    assert pending.approved_at is None

    colleague = finance_user()
    client.force_login(colleague)
    client.post(bank_page(accepted), {"action": "approve", "details": pending.pk})
    pending.refresh_from_db()
    assert pending.approved_by == colleague
    assert pending.status == "pending"  # the contact has not confirmed yet

    [email] = QueuedEmail.objects.filter(kind="bank_confirm")
    Client().post(confirm_path(email))
    pending.refresh_from_db()
    assert pending.status == "approved"
    form = page_text(client.get(payment_page(accepted)))
    assert "11112222" in form and "Phoned In CIO" in form


def test_an_expired_or_altered_confirmation_link_confirms_nothing(
    accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grantee(accepted).post("/apply/status/bank-details/", GOOD | {"account_number": "22223333"})
    path = confirm_path(QueuedEmail.objects.get(kind="bank_confirm"))

    assert Client().post(path[:-3] + "xx/").status_code == 404
    later = timezone.now() + dt.timedelta(days=15)

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert Client().post(path).status_code == 404
    assert BankDetails.objects.get(status="pending").confirmed_at is None


def test_the_grantee_can_ask_for_only_a_few_changes_a_day(accepted, settings):
    settings.FUND_BANK_CHANGES_PER_APPLICATION_PER_DAY = 2
    browser = grantee(accepted)
    for number in ("22223333", "33334444"):
        browser.post("/apply/status/bank-details/", GOOD | {"account_number": number})

    refused = browser.post("/apply/status/bank-details/", GOOD | {"account_number": "44445555"})

    assert "several times today" in page_text(refused)
    assert BankDetails.objects.count() == 3  # the first, one cancelled, one pending
    assert dict(BankDetails.objects.values_list("version", "status")) == {
        1: "approved",
        2: "cancelled",
        3: "pending",
    }


def test_no_payment_is_recorded_before_bank_details_are_approved(client, offer, finance):
    accept(grantee(offer))
    client.force_login(finance)

    form = page_text(client.get(payment_page(offer)))
    assert "There are no approved bank details for this award yet" in form
    refused = client.post(
        payment_page(offer),
        {"paid_on": timezone.localdate().isoformat(), "amount": "100", "bacs_reference": "A1"},
    )
    assert "No payment can be recorded for SCF-2026-0701 yet" in page_text(refused)
    assert not Payment.objects.exists()

    bank_details_approve(details=offer.bank_details.get(), by=finance_user())
    client.post(
        payment_page(offer),
        {"paid_on": timezone.localdate().isoformat(), "amount": "100", "bacs_reference": "A1"},
    )
    assert Payment.objects.get().amount == Decimal("100.00")


def test_the_status_page_shows_the_payee_masked(accepted):
    page = page_text(grantee(accepted).get("/apply/status/"))
    assert "••••5678" in page and "12345678" not in page
    assert "Change your bank details" in page


def test_after_staff_record_the_acceptance_the_grantee_gives_details_without_an_email_check(
    offer, manager, django_capture_on_commit_callbacks
):
    award_accept(award=offer, name="Ann Lee", position="Chair", by=manager)
    browser = grantee(offer)
    assert "Give your bank details" in page_text(browser.get("/apply/status/"))

    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/apply/status/bank-details/", GOOD)

    assert "Bank details received" in page_text(browser.get("/apply/status/bank-details/sent/"))
    details = BankDetails.objects.get()
    assert details.status == "pending" and not details.needs_confirmation
    assert not QueuedEmail.objects.filter(kind="bank_confirm").exists()
    bank_details_approve(details=details, by=finance_user())
    details.refresh_from_db()
    assert details.status == "approved"


def test_details_on_a_withdrawn_award_cannot_be_approved(accepted, manager):
    """A withdrawn award is paid nothing more: its waiting details are not
    made the payee."""
    waiting = bank_details_change(award=accepted, **{**BANK_DETAILS, "account_number": "87654321"})
    award_withdraw(award=accepted, reason="The project did not start.", by=manager)

    with pytest.raises(ServiceError, match="withdrawn, so no bank details"):
        bank_details_approve(details=waiting, by=finance_user())

    waiting.refresh_from_db()
    assert (waiting.status, waiting.approved_at) == ("pending", None)


def test_the_payment_form_shows_in_full_only_the_details_payments_go_to(client, accepted):
    bank_details_change(award=accepted, **{**BANK_DETAILS, "account_number": "87654321"})
    client.force_login(finance_user())

    page = page_text(client.get(payment_page(accepted)))

    assert "12345678" in page  # the approved payee, in full
    assert "87654321" not in page and "••••4321" in page  # the change, masked
    [entry] = ModelLogEntry.objects.filter(action="fund.bank.view")
    assert entry.data["versions"] == [1]
