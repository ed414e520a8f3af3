"""To pay: finance's one list of accepted awards with money left to pay,
and "Record payment" offered only when a payment can be recorded."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fund.awards.services.bank import bank_details_approve, bank_details_change
from fund.awards.services.decisions import award_make
from fund.awards.services.lifecycle import award_accept
from fund.awards.services.payments import instalment_add, payment_record
from fund.reports.selectors import todo_counts
from tests.factories import ApplicationFactory
from tests.support.banking import BANK_DETAILS, bank_details_approved
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db

TO_PAY = reverse("awards:to_pay")


@pytest.fixture
def make_accepted(open_call, manager):
    def make(amount="4000.00", **fields):
        application = ApplicationFactory(
            page=open_call, status="reviewed", amount_requested=Decimal("5000"), **fields
        )
        award = award_make(
            early_reason="Decided early in a test.",
            application=application,
            amount=amount,
            conditions="<p>Report.</p>",
            by=manager,
        )
        award = award_accept(award=award, name="Ann Lee", position="Chair", by=manager)
        bank_details_approved(award)
        return award

    return make


def pay(award, amount, by, on=None):
    payment_record(
        award=award,
        paid_on=on or timezone.localdate(),
        amount=amount,
        bacs_reference="BACS1",
        by=by,
    )


def test_finance_finds_what_to_pay_in_one_list(client, finance, make_accepted):
    today = timezone.localdate()
    award = make_accepted(
        "4000.00", reference="SCF-2026-0701", organisation_name="Calder Safe Homes"
    )
    instalment_add(award=award, due_on=today, amount="2500", by=finance)
    instalment_add(award=award, due_on=today + dt.timedelta(days=30), amount="1500", by=finance)
    pay(award, "1000", finance)
    fully_paid = make_accepted("1000.00", reference="SCF-2026-0702")
    pay(fully_paid, "1000", finance)
    client.force_login(finance)

    home = page_text(client.get(reverse("wagtailadmin_home")))
    assert f'href="{TO_PAY}"' in home  # in the admin menu
    response = client.get(TO_PAY)

    assert response.status_code == 200
    assert [a.pk for a in response.context["object_list"]] == [award.pk]
    page = page_text(response)
    row = page[page.index("SCF-2026-0701") :]
    for shown in [
        "Calder Safe Homes",
        "£4,000.00",  # the award
        "£1,000.00",  # paid so far
        "£3,000.00",  # left to pay
        today.strftime("%-d %b %Y"),  # the first instalment, not yet covered
        "£1,500.00",  # what is left of it
    ]:
        assert shown in row, shown
    assert reverse("awards:inspect", args=[award.pk]) in page
    assert reverse("awards:payment", args=[award.pk]) in page
    assert "SCF-2026-0702" not in page


def test_the_due_filter_keeps_awards_whose_schedule_asks_for_more_than_was_paid(
    client, finance, make_accepted
):
    today = timezone.localdate()
    due = make_accepted(reference="SCF-2026-0711")
    instalment_add(award=due, due_on=today, amount="1000", by=finance)
    covered = make_accepted(reference="SCF-2026-0712")
    instalment_add(award=covered, due_on=today, amount="1000", by=finance)
    pay(covered, "1000", finance)
    later = make_accepted(reference="SCF-2026-0713")
    instalment_add(award=later, due_on=today + dt.timedelta(days=1), amount="1000", by=finance)
    client.force_login(finance)

    response = client.get(f"{TO_PAY}?due=now")

    assert [a.reference for a in response.context["object_list"]] == ["SCF-2026-0711"]
    everything = client.get(TO_PAY).context["object_list"]
    assert len(everything) == 3


def test_the_list_costs_the_same_queries_for_eight_awards_as_for_two(
    client, finance, make_accepted, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            award = make_accepted("1000")
            instalment_add(award=award, due_on=timezone.localdate(), amount="500", by=finance)
            instalment_add(
                award=award,
                due_on=timezone.localdate() + dt.timedelta(days=9),
                amount="500",
                by=finance,
            )
            pay(award, "250", finance)

    add(2)
    client.force_login(finance)
    client.get(TO_PAY)  # warm caches
    with CaptureQueriesContext(connection) as two:
        response = client.get(TO_PAY)
    assert len(response.context["object_list"]) == 2

    add(6)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(TO_PAY)
    assert len(response.context["object_list"]) == 8
    assert page_text(response).count("£750.00") == 8  # left to pay


@pytest.mark.parametrize("role", ["manager", "panel_member"])
def test_roles_that_do_not_pay_have_no_to_pay_list(request, client, role, make_accepted):
    make_accepted()
    client.force_login(request.getfixturevalue(role))

    response = client.get(TO_PAY)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert f'href="{TO_PAY}"' not in page_text(client.get(reverse("wagtailadmin_home")))


def test_record_payment_is_offered_only_while_money_is_left(client, finance, make_accepted):
    to_pay = make_accepted("1000.00", reference="SCF-2026-0721")
    paid = make_accepted("1000.00", reference="SCF-2026-0722")
    pay(paid, "1000", finance)
    client.force_login(finance)

    listing = page_text(client.get(reverse("awards:index")))
    assert reverse("awards:payment", args=[to_pay.pk]) in listing
    assert reverse("awards:payment", args=[paid.pk]) not in listing
    page = page_text(client.get(reverse("awards:inspect", args=[paid.pk])))
    assert reverse("awards:payment", args=[paid.pk]) not in page
    page = page_text(client.get(reverse("awards:inspect", args=[to_pay.pk])))
    assert reverse("awards:payment", args=[to_pay.pk]) in page

    response = client.get(reverse("awards:payment", args=[paid.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:inspect", args=[paid.pk])
    assert "No payment can be recorded for SCF-2026-0722: it is fully paid." in page_text(response)


def test_record_payment_waits_for_approved_bank_details(client, finance, open_call, manager):
    application = ApplicationFactory(
        page=open_call, status="reviewed", amount_requested=Decimal("5000")
    )
    award = award_make(
        early_reason="Decided early in a test.",
        application=application,
        amount="4000",
        conditions="<p>Report.</p>",
        by=manager,
    )
    award_accept(award=award, name="Ann Lee", position="Chair", by=manager)
    client.force_login(finance)
    payment_url = reverse("awards:payment", args=[award.pk])

    not_given = page_text(client.get(TO_PAY))
    assert "Not given" in not_given and payment_url not in not_given
    # Nor in the row's menu of Grants > Awards.
    assert payment_url not in page_text(client.get(reverse("awards:index")))

    given = bank_details_change(award=award, **BANK_DETAILS)
    waiting = client.get(TO_PAY, {"bank": "pending"})
    assert [row.pk for row in waiting.context["object_list"]] == [award.pk]
    assert "Waiting for approval" in page_text(waiting) and payment_url not in page_text(waiting)

    bank_details_approve(details=given, by=finance)
    approved = page_text(client.get(TO_PAY))
    assert "Approved" in approved and payment_url in approved
    assert payment_url in page_text(client.get(reverse("awards:index")))
    assert list(client.get(TO_PAY, {"bank": "pending"}).context["object_list"]) == []

    # A change, approved by finance, now waits only for the contact.
    change = bank_details_change(award=award, **{**BANK_DETAILS, "sort_code": "200000"})
    bank_details_approve(details=change, by=finance)
    assert todo_counts(now=timezone.now())["bank_details_to_approve"] == 0
    assert "waiting for the contact to confirm" in page_text(client.get(TO_PAY))


def test_fund_managers_see_no_record_payment_in_the_listing(client, manager, make_accepted):
    award = make_accepted()
    client.force_login(manager)

    listing = page_text(client.get(reverse("awards:index")))

    assert reverse("awards:payment", args=[award.pk]) not in listing
    response = client.get(reverse("awards:payment", args=[award.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_schedule_so_far_is_written_as_money(client, finance, make_accepted):
    award = make_accepted("4000.00")
    instalment_add(award=award, due_on=dt.date(2027, 3, 31), amount="2500", by=finance)
    client.force_login(finance)

    page = page_text(client.get(reverse("awards:instalment", args=[award.pk])))

    assert "£2,500.00 due 31 March 2027" in page
    assert "£2500" not in page
