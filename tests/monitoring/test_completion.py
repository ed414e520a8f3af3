"""An award completes when its final report is accepted and its money
reconciles (paid less returned equals the spend reported); otherwise only
with a fund manager's note saying why, kept with the award and audited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.awards.services.lifecycle import award_complete
from fund.awards.services.payments import return_record
from fund.core.errors import ServiceError
from tests.support import reports
from tests.support.pages import assert_refused, page_text
from tests.support.states import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(open_call):
    return reports.planned_award(open_call, paid=True)


def complete_url(award):
    return reverse("awards:complete", args=[award.pk])


def test_without_an_accepted_final_report_completing_needs_a_note(client, manager, paid):
    client.force_login(manager)
    final = reports.report_of(paid, "final")

    response = client.get(complete_url(paid))
    assert response.status_code == 200
    assert (
        f"The final report of {paid.reference}, due {final.due_on.strftime('%-d %B %Y')}, "
        "has not been accepted yet"
    ) in page_text(response)

    response = client.post(complete_url(paid), {"note": " "})
    assert response.status_code == 200
    assert "To complete it all the same, write in the note why." in page_text(response)
    paid.refresh_from_db()
    assert paid.status == "paid"

    response = client.post(complete_url(paid), {"note": "The charity closed; we audited it."})
    assert response.status_code == 302
    paid.refresh_from_db()
    assert paid.status == "completed" and paid.completed_at is not None
    assert paid.completion_note == "The charity closed; we audited it."
    assert "fund.award.complete" in actions(paid.application)


def test_an_accepted_reconciled_final_report_completes_without_a_note(client, manager, paid):
    reports.accepted(reports.report_of(paid, "final"), manager, spent=("3000.00", "1000.00"))
    client.force_login(manager)

    response = client.get(complete_url(paid))
    assert "Its final report is accepted and its money reconciles." in page_text(response)
    assert client.post(complete_url(paid), {}).status_code == 302
    paid.refresh_from_db()
    assert paid.status == "completed" and paid.completion_note == ""


def test_money_that_does_not_reconcile_is_named_until_the_underspend_comes_back(
    manager, finance, paid
):
    reports.accepted(reports.report_of(paid, "final"), manager, spent=("3000.00", "600.00"))

    with pytest.raises(ServiceError) as refused:
        award_complete(award=paid, by=manager)
    assert (
        "£4,000.00 paid less £0.00 returned is £4,000.00, but the final report shows "
        "£3,600.00 spent."
    ) in refused.value.message

    return_record(
        award=paid, received_on=timezone.localdate(), amount="400", reason="underspend", by=finance
    )
    award_complete(award=paid, by=manager)
    paid.refresh_from_db()
    assert paid.status == "completed"


@pytest.mark.parametrize("role", ["finance", "panel_member"])
def test_only_fund_managers_complete_an_award(client, request, role, paid):
    client.force_login(request.getfixturevalue(role))
    assert_refused(client.post(complete_url(paid), {"note": "Done."}))
    paid.refresh_from_db()
    assert paid.status == "paid"
