"""The guardrails of a decision: too soon, too much, and the call's minimum
number of reviews."""

from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.models.awards import Award
from fund.awards.services.decisions import award_make, decision_too_soon
from fund.calls.models import CallPage
from fund.core.errors import ServiceError
from fund.reviews.services.assignment import reviewer_assign
from tests.awards.admin.decisions.helpers import CONDITIONS, close, panel_member, review
from tests.support.pages import page_text
from tests.support.states import award_url, decline_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(manager, screened):
    """The same application with one panel member assigned, not yet scored:
    awarding or declining it is open, and too soon."""
    assignment = reviewer_assign(application=screened, reviewer=panel_member("Pat"), by=manager)
    return assignment.application


@pytest.mark.parametrize("url", [award_url, decline_url])
def test_a_decision_too_soon_says_why_and_asks_for_a_reason(client, manager, in_review, url):
    client.force_login(manager)

    page = page_text(client.get(url(in_review)))

    assert "It is too soon for this decision" in page
    assert "The call is still open: it closes at" in page
    assert "0 of the 2 reviews this call needs have been submitted." in page
    assert "Why this decision cannot wait" in page


def test_an_award_too_soon_without_a_reason_is_refused_and_nothing_is_committed(
    client, manager, in_review
):
    client.force_login(manager)

    response = client.post(
        award_url(in_review),
        {
            "confirm": "1",
            "amount": "9000",
            "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value(CONDITIONS),
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    # Every refusal at once: the timing and the amount.
    assert errors["early_reason"][0].startswith("The call is still open")
    assert "record why the decision cannot wait" in errors["early_reason"][0]
    assert errors["amount"] == ["The award cannot be more than the £4,000.00 requested."]
    assert not Award.objects.exists()
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


def test_a_decline_too_soon_without_a_reason_is_refused(client, manager, in_review):
    client.force_login(manager)

    response = client.post(
        decline_url(in_review), {"confirm": "1", "reason": "score", "feedback": "Thank you."}
    )

    assert "early_reason" in response.context["form"].errors
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


def test_the_minimum_number_of_reviews_is_the_calls_own_setting(manager, screened, open_call):
    review(screened, manager, panel_member("Priya"), recommendation="fund_full")
    close(open_call)
    screened.refresh_from_db()
    call = CallPage.objects.get(pk=open_call.pk)

    assert decision_too_soon(screened, call) == [
        "1 of the 2 reviews this call needs have been submitted."
    ]
    with pytest.raises(ServiceError) as refused:
        award_make(application=screened, amount="100", conditions="", by=manager)
    assert set(refused.value.errors) == {"early_reason"}

    CallPage.objects.filter(pk=call.pk).update(minimum_reviews=1)
    call.refresh_from_db()
    assert decision_too_soon(screened, call) == []
    award = award_make(application=screened, amount="100", conditions="", by=manager)
    assert award.amount == Decimal("100.00")


def test_a_decision_too_soon_with_a_reason_is_made_and_the_reason_kept(
    client, manager, in_review, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            decline_url(in_review),
            {
                "confirm": "1",
                "reason": "overlap",
                "feedback": "Another grant already funds this work.",
                "early_reason": "The trustees asked us to tell them before the board meets.",
            },
        )

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == "declined"
    entry = ModelLogEntry.objects.get(action="fund.application.decline")
    assert entry.data["why_now"] == "The trustees asked us to tell them before the board meets."
    assert "The call is still open" in entry.data["too_soon"]
