"""Bank details given with the acceptance through the private link, stored
encrypted and shown masked."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.awards.forms import BankDetailsForm
from fund.awards.models.bank import BankDetails
from fund.awards.services.payments import instalment_add
from fund.core.outbox import QueuedEmail
from tests.awards.bank_details.helpers import accept, bank_page, grantee
from tests.support.pages import assert_refused, page_text

pytestmark = pytest.mark.django_db


def test_accepting_refuses_wrong_bank_details_naming_each_field(offer):
    browser = grantee(offer)

    refused = page_text(
        accept(browser, account_name="Line one\nline two", sort_code="12-34", account_number="1234")
    )

    assert "Enter the name on the account on one line." in refused
    assert "Enter the sort code as 6 digits, like 12-34-56." in refused
    assert "Enter the account number as 8 digits, like 12345678." in refused
    offer.refresh_from_db()
    assert offer.status == "offered"
    assert not BankDetails.objects.exists()

    missing = page_text(accept(browser, account_name="", sort_code="", account_number=""))
    assert "Enter the name on the account, as the bank shows it." in missing
    assert "Enter the sort code." in missing
    assert "Enter the account number." in missing

    too_long = page_text(accept(browser, account_name="A" * 71))
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
    page = page_text(browser.get("/apply/status/accepted/"))
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
    page = page_text(browser.get("/apply/status/accepted/"))
    assert "once the details are checked" in page


def test_declining_shows_a_confirmation_and_tells_the_fund_managers(
    offer, manager, finance, django_capture_on_commit_callbacks
):
    browser = grantee(offer)

    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/apply/status/decline/", {"decline-reason": "Other funding."})

    assert response["Location"] == "/apply/status/declined/"
    assert "Offer declined" in page_text(browser.get("/apply/status/declined/"))
    [to_grantee] = QueuedEmail.objects.filter(kind="offer_declined")
    assert re.search(r"/apply/view/\S+/", to_grantee.body)
    assert "Other funding" not in to_grantee.body
    assert [e.to for e in QueuedEmail.objects.filter(kind="offer_declined_staff")] == [
        manager.email
    ]


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

    page = page_text(client.get(bank_page(accepted)))

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
    page = page_text(client.get(bank_page(accepted)))
    assert "12345678" not in page
    assert "Show bank details" in page

    shown = page_text(client.post(bank_page(accepted), {"action": "show"}))

    assert "12345678" in shown and "12-34-56" in shown
    [entry] = ModelLogEntry.objects.filter(action="fund.bank.view")
    assert entry.user == finance
    history = page_text(client.get(reverse("applications:history", args=[accepted.application.pk])))
    assert "Bank details shown in full" in history


def test_panel_members_and_strangers_cannot_reach_bank_details(client, accepted, panel_member):
    for url in (bank_page(accepted), reverse("awards:bank_details_enter", args=[accepted.pk])):
        anonymous = client.get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))
    client.force_login(panel_member)
    assert_refused(client.get(bank_page(accepted)))
    assert_refused(client.post(bank_page(accepted), {"action": "show"}))
    assert_refused(client.get(reverse("awards:bank_details_enter", args=[accepted.pk])))
