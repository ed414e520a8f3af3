"""An instalment tied to a report waits for the report's acceptance: finance
cannot pay it before, and are told which report and when it is due, on the
payment form and in the To pay list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.awards.services.payments import instalment_add, payment_record
from fund.core.errors import ServiceError
from fund.monitoring.services.schedule import report_tie
from tests.support import reports
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_call):
    return reports.planned_award(open_call)


@pytest.fixture
def held(award, manager, finance):
    """£2,000 now, and £2,000 waiting for the progress report."""
    instalment_add(award=award, due_on=timezone.localdate(), amount="2000", by=finance)
    second = instalment_add(award=award, due_on=dt.date(2027, 7, 1), amount="2000", by=finance)
    report_tie(report=reports.report_of(award), instalment=second, by=manager)
    return award


def pay(client, award, amount, reference):
    return client.post(
        reverse("awards:payment", args=[award.pk]),
        {
            "paid_on": timezone.localdate().strftime("%d/%m/%Y"),
            "amount": amount,
            "bacs_reference": reference,
        },
    )


def test_money_waiting_for_a_report_is_refused_with_the_report_and_its_date(
    client, finance, manager, held
):
    progress = reports.report_of(held)
    due = progress.due_on.strftime("%-d %B %Y")
    client.force_login(finance)

    assert pay(client, held, "2000", "FIRST").status_code == 302
    response = pay(client, held, "1000", "SECOND")

    assert response.status_code == 200
    assert (
        f"£2,000.00 of this award waits for the progress report due {due}, which has not "
        "been accepted yet. Nothing more can be paid until then."
    ) in page_text(response)
    assert held.payments.count() == 1

    reports.accepted(progress, manager)
    assert pay(client, held, "2000", "SECOND").status_code == 302
    held.refresh_from_db()
    assert held.status == "paid"


def test_what_is_not_held_can_still_be_paid_in_part(finance, held):
    payment_record(
        award=held, paid_on=timezone.localdate(), amount="1500", bacs_reference="A", by=finance
    )
    with pytest.raises(ServiceError) as refused:
        payment_record(
            award=held, paid_on=timezone.localdate(), amount="600", bacs_reference="B", by=finance
        )
    assert "At most £500.00 can be paid until then." in refused.value.message


def test_to_pay_shows_the_money_waiting_and_the_report(client, finance, held):
    client.force_login(finance)
    response = client.get(reverse("awards:to_pay"))

    assert response.status_code == 200
    assert "Waiting for a report" in page_text(response)
    assert "£2,000.00 of this award waits for the progress report due" in page_text(response)


def test_money_already_paid_cannot_be_made_to_wait(award, manager, finance):
    instalment = instalment_add(award=award, due_on=timezone.localdate(), amount="4000", by=finance)
    payment_record(
        award=award, paid_on=timezone.localdate(), amount="1000", bacs_reference="A", by=finance
    )

    with pytest.raises(ServiceError) as refused:
        report_tie(report=reports.report_of(award), instalment=instalment, by=manager)

    assert "£1,000.00 of this award has been paid already" in refused.value.message
    assert reports.report_of(award).instalment is None
