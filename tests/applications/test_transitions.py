"""Every change of an application's status goes through one transition
function that locks the row, checks the move against one table and writes
the audit entry (fund/services/transitions.py, fund/models/status.py)."""

import itertools
from decimal import Decimal
from unittest.mock import ANY

import pytest
from wagtail.models import ModelLogEntry, Page

from fund.applications.models import Application
from fund.applications.services.sending import application_submit
from fund.applications.services.withdrawal import WITHDRAWABLE, application_withdraw
from fund.applications.status import (
    APPLICATION_TRANSITIONS,
    DECIDABLE,
    UNDER_REVIEW,
    ApplicationStatus,
    statuses_moving_to,
)
from fund.applications.transitions import application_transition
from fund.awards.services.decisions import application_decline
from fund.awards.services.lifecycle import award_withdraw
from fund.calls.models import FundPage
from fund.core.errors import ServiceError
from fund.reviews.services.reviewing import review_reopen
from fund.reviews.services.screening import SCREENABLE, application_screen
from tests.factories import ApplicationFactory
from tests.support import states

pytestmark = pytest.mark.django_db

S = ApplicationStatus
PAIRS = list(itertools.product(S, S))
REFUSED = [(a, b) for a, b in PAIRS if b not in APPLICATION_TRANSITIONS[a]]
ALLOWED = [(a, b) for a, b in PAIRS if b in APPLICATION_TRANSITIONS[a]]
#: A registered audit action for each move (any would do: the caller names it).
ACTION = {status: sorted(actions)[0] for status, actions in states.STATUS_ACTIONS.items()}
ACTION[S.DRAFT] = "fund.application.submit"


def entries(application):
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .order_by("timestamp", "pk")
        .values_list("action", "data")
    )


@pytest.fixture
def root(db):
    # Any page will do for the table's own tests; no call is needed.
    return Page.get_first_root_node()


# --- the table -----------------------------------------------------------------


def test_the_table_has_every_status_and_only_statuses():
    assert set(APPLICATION_TRANSITIONS) == set(S)
    assert set().union(*APPLICATION_TRANSITIONS.values()) <= set(S)


def test_decisions_and_withdrawal_are_final():
    for final in (S.AWARDED, S.DECLINED, S.WITHDRAWN):
        assert APPLICATION_TRANSITIONS[final] == frozenset()


def test_the_services_sets_of_statuses_come_from_the_table():
    assert statuses_moving_to(S.WITHDRAWN) == WITHDRAWABLE
    assert DECIDABLE == {S.IN_REVIEW, S.REVIEWED}
    assert SCREENABLE == {S.SUBMITTED, S.ELIGIBLE, S.INELIGIBLE}
    assert UNDER_REVIEW == {S.ELIGIBLE, S.IN_REVIEW, S.REVIEWED}


@pytest.mark.parametrize(("current", "to"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_a_move_not_in_the_table_is_refused_and_writes_nothing(root, current, to):
    application = ApplicationFactory(page=root, status=current)
    application.withdrawn_reason = "Set by the caller."

    with pytest.raises(ServiceError) as error:
        application_transition(
            application=application,
            to=to,
            action=ACTION[to],
            data={"x": 1},
            fields=("withdrawn_reason",),
        )

    label = S(current).label.lower()
    assert error.value.message.startswith(f"This application is {label} now, so it cannot be ")
    assert error.value.message.endswith("Reload the page to see where it stands.")
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.withdrawn_reason) == (current, "")
    assert entries(application) == []


@pytest.mark.parametrize(("current", "to"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_a_move_in_the_table_writes_the_status_its_fields_and_one_audit_entry(root, current, to):
    application = ApplicationFactory(page=root, status=current)
    application.withdrawn_reason = "Set by the caller."

    moved = application_transition(
        application=application,
        to=to,
        action=ACTION[to],
        data={"x": 1},
        fields=("withdrawn_reason",),
    )

    stored = Application.objects.get(pk=application.pk)
    assert (moved.status, stored.status, stored.withdrawn_reason) == (
        to,
        to,
        "Set by the caller.",
    )
    assert entries(application) == [(ACTION[to], {"x": 1})]


def test_the_move_is_checked_against_the_row_not_a_stale_copy(root):
    application = ApplicationFactory(page=root, status=S.REVIEWED)
    Application.objects.filter(pk=application.pk).update(status=S.WITHDRAWN)

    with pytest.raises(ServiceError) as error:
        application_transition(application=application, to=S.AWARDED, action="fund.award.make")

    assert error.value.message == (
        "This application is withdrawn now, so it cannot be awarded. "
        "Reload the page to see where it stands."
    )
    assert Application.objects.get(pk=application.pk).status == S.WITHDRAWN


# --- each service goes through it and keeps its audit entry --------------------


def test_submitting_a_draft_logs_the_submission(open_call):
    question = open_call.get_form_fields().get(field_type="multiline")
    draft = ApplicationFactory(
        page=open_call,
        status=S.DRAFT,
        reference=None,
        submitted_at=None,
        form_data={question.clean_name: "Survivors sit on our steering group."},
    )

    sent = application_submit(application=draft)

    assert sent.status == Application.objects.get(pk=draft.pk).status == S.SUBMITTED
    assert sent.reference.startswith("SCF-")
    assert entries(draft) == [
        ("fund.application.submit", {"reference": sent.reference, "documents": 0})
    ]


def test_screening_logs_the_decision(open_call, manager):
    application = states.submitted(open_call)

    application_screen(application=application, eligible=False, reason="amount", by=manager)

    application.refresh_from_db()
    assert application.status == S.INELIGIBLE
    assert application.screening_reason == "amount"
    assert entries(application)[-1][0] == "fund.application.screen"
    assert entries(application)[-1][1]["eligible"] is False


def test_the_panels_actions_move_the_status_with_their_own_entries(
    open_call, manager, panel_member
):
    application, assignment = states.in_review(open_call, manager, panel_member)
    assert application.status == S.IN_REVIEW

    review = states.review_submit(open_call, assignment, panel_member)
    application.refresh_from_db()
    assert application.status == S.REVIEWED

    review_reopen(review=review, reason="Scored the wrong bid.", by=manager)
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW
    assert [action for action, _data in entries(application)] == [
        "fund.application.screen",
        "fund.review.assign",
        "fund.review.conflict",
        "fund.review.submit",
        "fund.review.reopen",
    ]


def test_awarding_declining_and_withdrawing_log_their_actions(open_call, manager, panel_member):
    to_award, _review = states.reviewed(open_call, manager, panel_member)
    to_decline = states.submitted(open_call, status=S.IN_REVIEW)
    to_withdraw = states.submitted(open_call, status=S.IN_REVIEW)

    states.award(to_award, manager, "3000.00")
    application_decline(
        early_reason="Decided early in a test.",
        application=to_decline,
        reason="score",
        feedback="Below the line.",
        by=manager,
    )
    application_withdraw(application=to_withdraw, reason="We merged with another group.")

    for application, status, action in (
        (to_award, S.AWARDED, "fund.award.make"),
        (to_decline, S.DECLINED, "fund.application.decline"),
        (to_withdraw, S.WITHDRAWN, "fund.application.withdraw"),
    ):
        states.assert_consistent(application, manager)
        assert application.status == status
        assert states.status_actions(application)[-1][0] == action
    # Decided before the call closed, so each entry keeps why (test_decisions.py).
    early = {"too_soon": ANY, "why_now": "Decided early in a test."}
    assert states.status_actions(to_award)[-1][1] == {
        "amount": "3000.00",
        "fund": "Safer Communities Fund",
        "targets": {},
        "budget": {"staff": "3000.00"},
        **early,
    }
    assert states.status_actions(to_decline)[-1][1] == {
        "reason": "Scored below the funding line",
        **early,
    }
    assert states.status_actions(to_withdraw)[-1][1] == {"reason": "We merged with another group."}


def test_the_awards_own_life_leaves_the_application_awarded(open_call, manager, panel_member):
    made = states.offered(open_call, manager, panel_member)

    award_withdraw(award=made, reason="The project cannot go ahead.", by=manager)

    made.application.refresh_from_db()
    assert made.application.status == S.AWARDED
    assert states.status_actions(made.application)[-1][0] == "fund.award.make"
    assert FundPage.objects.get(pk=made.fund_id).committed == Decimal("0.00")


# --- a review that arrives after the decision ----------------------------------


@pytest.mark.parametrize("decision", ["award", "decline", "withdraw"])
def test_a_review_submitted_after_the_decision_is_refused_and_changes_nothing(
    open_call, manager, panel_member, decision
):
    application, assignment = states.in_review(open_call, manager, panel_member)
    if decision == "award":
        states.award(application, manager)
    elif decision == "decline":
        application_decline(
            early_reason="Decided early in a test.",
            application=application,
            reason="score",
            feedback="Below the line.",
            by=manager,
        )
    else:
        application_withdraw(application=application, reason="No longer needed.")
    before = entries(application)

    with pytest.raises(ServiceError) as error:
        states.review_submit(open_call, assignment, panel_member)

    assert error.value.message == "Reviews of this application are closed."
    assert entries(application) == before
    states.assert_consistent(application, manager)


def test_reopening_a_review_after_the_award_is_refused(open_call, manager, panel_member):
    application, review = states.reviewed(open_call, manager, panel_member)
    states.award(application, manager)

    with pytest.raises(ServiceError) as error:
        review_reopen(review=review, reason="Scored the wrong bid.", by=manager)

    assert "A decision has been made on this application" in error.value.message
    review.refresh_from_db()
    assert review.status == "submitted"
    states.assert_consistent(application, manager)
