"""Bank details: given with the acceptance through the private link, stored
encrypted, masked for all but finance, changed only with the contact's
confirmation and a second member of finance's approval, and needed before
any payment (fund/services/bank.py)."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications import access
from fund.awards.forms import BankDetailsForm
from fund.awards.models.awards import Payment
from fund.awards.models.bank import BankDetails
from fund.awards.services.awards import award_accept, award_make, award_withdraw, instalment_add
from fund.awards.services.bank import bank_details_approve, bank_details_change
from fund.core.errors import ServiceError
from fund.core.outbox import QueuedEmail
from tests.factories import ApplicationFactory
from tests.support.banking import BANK_DETAILS, finance_user
from tests.support.pages import assert_refused

pytestmark = pytest.mark.django_db

CONDITIONS = "<p>Report quarterly.</p>"
GOOD = BANK_DETAILS


def text(response):
    return unescape(response.content.decode())


@pytest.fixture
def offer(open_call, manager, django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        page=open_call,
        status="reviewed",
        amount_requested=Decimal("5000"),
        reference="SCF-2026-0701",
    )
    with django_capture_on_commit_callbacks(execute=True):
        return award_make(
            early_reason="Decided early in a test.",
            application=application,
            amount="4000.00",
            conditions=CONDITIONS,
            by=manager,
        )


def grantee(award):
    """A browser that opened the award's private status link."""
    browser = Client()
    path = reverse("fund_status_open", args=[access.make_token(award.application, access.STATUS)])
    browser.post(path)
    return browser


def accept(browser, **overrides):
    data = {"name": "Sam Example", "position": "Chair", "condition_1": "on", **GOOD, **overrides}
    return browser.post("/apply/status/accept/", data)


@pytest.fixture
def accepted(offer):
    """Accepted online with bank details, approved by a finance user."""
    accept(grantee(offer))
    offer.refresh_from_db()
    bank_details_approve(details=offer.bank_details.get(), by=finance_user())
    return offer


def bank_page(award):
    return reverse("fund_award_bank", args=[award.pk])


def payment_page(award):
    return reverse("fund_award_payment", args=[award.pk])


# --- acceptance with bank details --------------------------------------------------


def test_accepting_refuses_wrong_bank_details_naming_each_field(offer):
    browser = grantee(offer)

    refused = text(
        accept(browser, account_name="Line one\nline two", sort_code="12-34", account_number="1234")
    )

    assert "Enter the name on the account on one line." in refused
    assert "Enter the sort code as 6 digits, like 12-34-56." in refused
    assert "Enter the account number as 8 digits, like 12345678." in refused
    offer.refresh_from_db()
    assert offer.status == "offered"
    assert not BankDetails.objects.exists()

    missing = text(accept(browser, account_name="", sort_code="", account_number=""))
    assert "Enter the name on the account, as the bank shows it." in missing
    assert "Enter the sort code." in missing
    assert "Enter the account number." in missing

    too_long = text(accept(browser, account_name="A" * 71))
    assert "Enter a name on the account of 70 characters or fewer." in too_long


@pytest.mark.parametrize("sort_code", ["12-34-56", "12 34 56", "123456", " 123456 "])
@pytest.mark.parametrize("account_number", ["12345678", "1234 5678", "12 34 56 78"])
def test_the_usual_ways_of_writing_a_sort_code_and_account_number_are_accepted(
    sort_code, account_number
):
    form = BankDetailsForm(
        {"account_name": "Aire CIO", "sort_code": sort_code, "account_number": account_number}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sort_code"] == "123456"
    assert form.cleaned_data["account_number"] == "12345678"


@pytest.mark.parametrize("sort_code", ["12-34 56", "1234567", "12-34-5a", "12--34-56"])
def test_sort_codes_in_any_other_form_are_refused(sort_code):
    form = BankDetailsForm(
        {"account_name": "Aire CIO", "sort_code": sort_code, "account_number": "12345678"}
    )
    assert form.errors["sort_code"] == ["Enter the sort code as 6 digits, like 12-34-56."]


def test_accepting_shows_what_happens_next_and_sends_the_emails(
    offer, manager, finance, panel_member, django_capture_on_commit_callbacks
):
    instalment_add(award=offer, due_on=dt.date(2027, 5, 1), amount="2000.00", by=manager)
    browser = grantee(offer)

    with django_capture_on_commit_callbacks(execute=True):
        response = accept(browser)

    assert response["Location"] == "/apply/status/accepted/"
    page = text(browser.get("/apply/status/accepted/"))
    assert "Offer accepted" in page
    assert "SCF-2026-0701" in page
    assert "The first payment, £2,000.00, is due on 1 May 2027" in page
    offer.refresh_from_db()
    assert offer.status == "accepted"
    details = offer.bank_details.get()
    assert (details.sort_code, details.account_number) == ("123456", "12345678")
    assert details.status == "pending" and not details.needs_confirmation

    [to_grantee] = QueuedEmail.objects.filter(kind="offer_accepted")
    assert to_grantee.to == offer.application.contact_email
    assert re.search(r"/apply/view/\S+/", to_grantee.body)
    assert "1 May 2027" in to_grantee.body
    for typed in ("Calder Safe Homes", "5678", "Sam Example"):
        assert typed not in to_grantee.body
    to_staff = QueuedEmail.objects.filter(kind="offer_accepted_staff")
    assert {email.to for email in to_staff} == {manager.email, finance.email}
    assert all(reverse("awards:inspect", args=[offer.pk]) in email.body for email in to_staff)
    manager_email = to_staff.get(to=manager.email)
    assert reverse("applications:inspect", args=[offer.application.pk]) in manager_email.body
    assert not QueuedEmail.objects.filter(to=panel_member.email).exists()


def test_without_a_schedule_the_confirmation_says_payment_follows_the_checks(offer):
    browser = grantee(offer)
    accept(browser)
    page = text(browser.get("/apply/status/accepted/"))
    assert "once the details are checked" in page


def test_declining_shows_a_confirmation_and_tells_the_fund_managers(
    offer, manager, finance, django_capture_on_commit_callbacks
):
    browser = grantee(offer)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/apply/status/decline/", {"decline-reason": "Other funding."})

    assert response["Location"] == "/apply/status/declined/"
    assert "Offer declined" in text(browser.get("/apply/status/declined/"))
    [to_grantee] = QueuedEmail.objects.filter(kind="offer_declined")
    assert re.search(r"/apply/view/\S+/", to_grantee.body)
    assert "Other funding" not in to_grantee.body
    assert [e.to for e in QueuedEmail.objects.filter(kind="offer_declined_staff")] == [
        manager.email
    ]


# --- stored encrypted, shown masked -----------------------------------------------------


def test_bank_details_are_not_stored_in_plain_text(accepted):
    with connection.cursor() as cursor:
        cursor.execute("SELECT account_name, sort_code, account_number FROM fund_bankdetails")
        [row] = cursor.fetchall()
    raw = " ".join(row)
    for plain in ("Calder Safe Homes", "123456", "12345678", "5678"):
        assert plain not in raw
    assert BankDetails.objects.get().account_number == "12345678"


def test_a_fund_manager_sees_the_details_masked_and_cannot_show_them(client, accepted, manager):
    client.force_login(manager)

    page = text(client.get(bank_page(accepted)))

    assert "••••5678" in page and "••-••-56" in page
    assert "12345678" not in page and "12-34-56" not in page
    assert "Calder Safe Homes CIO" not in page
    assert "Show bank details" not in page
    assert_refused(client.post(bank_page(accepted), {"action": "show"}))
    assert not ModelLogEntry.objects.filter(action="fund.bank.view").exists()


def test_finance_shows_the_full_details_and_the_showing_is_in_the_history(
    client, accepted, finance
):
    client.force_login(finance)
    page = text(client.get(bank_page(accepted)))
    assert "12345678" not in page
    assert "Show bank details" in page

    shown = text(client.post(bank_page(accepted), {"action": "show"}))

    assert "12345678" in shown and "12-34-56" in shown
    [entry] = ModelLogEntry.objects.filter(action="fund.bank.view")
    assert entry.user == finance
    history = text(client.get(reverse("applications:history", args=[accepted.application.pk])))
    assert "Bank details shown in full" in history


def test_panel_members_and_strangers_cannot_reach_bank_details(client, accepted, panel_member):
    for url in (bank_page(accepted), reverse("fund_award_bank_enter", args=[accepted.pk])):
        anonymous = client.get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(panel_member)
    assert_refused(client.get(bank_page(accepted)))
    assert_refused(client.post(bank_page(accepted), {"action": "show"}))
    assert_refused(client.get(reverse("fund_award_bank_enter", args=[accepted.pk])))


# --- changes ---------------------------------------------------------------------------------


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
    form = text(client.get(payment_page(accepted)))
    assert "12345678" in form and "87654321" not in form
    assert "A change of bank details (to ••••4321) is waiting" in form

    # The link shows a button; only pressing it confirms.
    path = confirm_path(email)
    assert "Confirm the new bank details" in text(browser.get(path))
    pending = BankDetails.objects.get(status="pending")
    assert pending.confirmed_at is None
    assert "New bank details confirmed" in text(Client().post(path))

    bank_details_approve(details=pending, by=finance)
    client.force_login(finance)
    form = text(client.get(payment_page(accepted)))
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
            reverse("fund_award_bank_enter", args=[accepted.pk]),
            {"account_name": "Phoned In CIO", "sort_code": "112233", "account_number": "11112222"},
        )
    assert entered.status_code == 302
    pending = BankDetails.objects.get(status="pending")
    assert pending.entered_by == finance and pending.needs_confirmation

    page = text(client.get(bank_page(accepted)))
    assert "another member of finance must approve them" in page
    refused = client.post(
        bank_page(accepted), {"action": "approve", "details": pending.pk}, follow=True
    )
    assert "You entered these bank details" in text(refused)
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
    form = text(client.get(payment_page(accepted)))
    assert "11112222" in form and "Phoned In CIO" in form


def test_an_expired_or_altered_confirmation_link_confirms_nothing(
    accepted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        grantee(accepted).post("/apply/status/bank-details/", GOOD | {"account_number": "22223333"})
    path = confirm_path(QueuedEmail.objects.get(kind="bank_confirm"))

    assert Client().post(path[:-3] + "xx/").status_code == 404
    later = timezone.now() + dt.timedelta(days=15)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert Client().post(path).status_code == 404
    assert BankDetails.objects.get(status="pending").confirmed_at is None


def test_the_grantee_can_ask_for_only_a_few_changes_a_day(accepted, settings):
    settings.FUND_BANK_CHANGES_PER_APPLICATION_PER_DAY = 2
    browser = grantee(accepted)
    for number in ("22223333", "33334444"):
        browser.post("/apply/status/bank-details/", GOOD | {"account_number": number})

    refused = browser.post("/apply/status/bank-details/", GOOD | {"account_number": "44445555"})

    assert "several times today" in text(refused)
    assert BankDetails.objects.count() == 3  # the first, one cancelled, one pending
    assert dict(BankDetails.objects.values_list("version", "status")) == {
        1: "approved",
        2: "cancelled",
        3: "pending",
    }


# --- payments need approved details -------------------------------------------------------


def test_no_payment_is_recorded_before_bank_details_are_approved(client, offer, finance):
    accept(grantee(offer))
    client.force_login(finance)

    form = text(client.get(payment_page(offer)))
    assert "There are no approved bank details for this award yet" in form
    refused = client.post(
        payment_page(offer),
        {"paid_on": timezone.localdate().isoformat(), "amount": "100", "bacs_reference": "A1"},
    )
    assert "No payment can be recorded for SCF-2026-0701 yet" in text(refused)
    assert not Payment.objects.exists()

    bank_details_approve(details=offer.bank_details.get(), by=finance_user())
    client.post(
        payment_page(offer),
        {"paid_on": timezone.localdate().isoformat(), "amount": "100", "bacs_reference": "A1"},
    )
    assert Payment.objects.get().amount == Decimal("100.00")


def test_the_status_page_shows_the_payee_masked(accepted):
    page = text(grantee(accepted).get("/apply/status/"))
    assert "••••5678" in page and "12345678" not in page
    assert "Change your bank details" in page


def test_after_staff_record_the_acceptance_the_grantee_gives_details_without_an_email_check(
    offer, manager, django_capture_on_commit_callbacks
):
    award_accept(award=offer, name="Ann Lee", position="Chair", by=manager)
    browser = grantee(offer)
    assert "Give your bank details" in text(browser.get("/apply/status/"))

    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/apply/status/bank-details/", GOOD)

    assert "Bank details received" in text(browser.get("/apply/status/bank-details/sent/"))
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

    page = text(client.get(payment_page(accepted)))

    assert "12345678" in page  # the approved payee, in full
    assert "87654321" not in page and "••••4321" in page  # the change, masked
    [entry] = ModelLogEntry.objects.filter(action="fund.bank.view")
    assert entry.data["versions"] == [1]
