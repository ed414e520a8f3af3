"""The grant panel's rules at the service layer: screening, assignment and
conflicts of interest."""

import pytest
from django.core import mail
from django.db import transaction

from fund.reviews.models import Review
from fund.reviews.selectors import applications_visible_to
from fund.reviews.services.assignment import reviewer_assign, reviewers_assign
from fund.reviews.services.progress import ReviewError
from fund.reviews.services.reviewing import conflict_declare, review_save
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory
from tests.reviews.services.helpers import scores_for
from tests.support.states import actions

pytestmark = pytest.mark.django_db


def test_screening_eligible_records_who_and_when_and_is_logged(application, manager):
    application_screen(application=application, eligible=True, by=manager)

    application.refresh_from_db()
    assert application.status == "eligible"
    assert application.screened_by == manager
    assert application.screened_at is not None
    assert actions(application) == ["fund.application.screen"]


def test_screening_ineligible_needs_a_reason(application, manager):
    with pytest.raises(ReviewError) as error:
        application_screen(application=application, eligible=False, by=manager)
    assert error.value.message == "Choose the reason the application is not eligible."
    application.refresh_from_db()
    assert application.status == "submitted"


def test_other_reason_needs_an_explanation(application, manager):
    with pytest.raises(ReviewError) as error:
        application_screen(application=application, eligible=False, reason="other", by=manager)
    assert error.value.errors == {"note": "Explain why the application is not eligible."}


def test_an_ineligible_applicant_is_told_why_once_the_decision_commits(
    application, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_screen(
            application=application,
            eligible=False,
            reason="outside_area",
            note="Your project works in Lancashire.",
            by=manager,
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [application.contact_email]
    assert application.reference in message.subject
    assert "Does not work in West Yorkshire" in message.body
    assert "Your project works in Lancashire." in message.body


def test_a_rolled_back_screening_sends_nothing(
    application, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            application_screen(application=application, eligible=False, reason="amount", by=manager)
            raise RuntimeError("something later in the request failed")

    assert callbacks == []
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.status == "submitted"


def test_eligibility_cannot_change_once_the_panel_has_it(eligible, manager, reviewers):
    reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError) as error:
        application_screen(application=eligible, eligible=False, reason="amount", by=manager)
    assert "already with the grant panel" in error.value.message


def test_the_first_assignment_puts_the_application_in_review(eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)

    eligible.refresh_from_db()
    assert eligible.status == "in_review"
    assert assignment.conflict == "undeclared"
    assert actions(eligible) == ["fund.application.screen", "fund.review.assign"]


def test_assigning_twice_makes_one_assignment_and_one_log_entry(eligible, manager, reviewers):
    reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)

    assert eligible.assignments.count() == 1
    assert actions(eligible).count("fund.review.assign") == 1


def test_an_application_not_screened_eligible_cannot_be_assigned(application, manager, reviewers):
    with pytest.raises(ReviewError) as error:
        reviewer_assign(application=application, reviewer=reviewers[0], by=manager)
    assert error.value.message == (
        f"{application.reference} is not eligible for review. Screen it as eligible "
        "before you assign the panel."
    )


def test_only_grant_panel_members_can_be_assigned(eligible, manager, finance):
    finance.first_name, finance.last_name = "Farah", "Finance"
    with pytest.raises(ReviewError) as error:
        reviewer_assign(application=eligible, reviewer=finance, by=manager)
    assert error.value.message == "Farah Finance is not a member of the grant panel."


def test_bulk_assignment_is_all_or_nothing(call, manager, reviewers):
    ready = application_screen(application=ApplicationFactory(page=call), eligible=True, by=manager)
    not_screened = ApplicationFactory(page=call)

    with pytest.raises(ReviewError):
        reviewers_assign(applications=[ready, not_screened], reviewers=reviewers[:2], by=manager)
    assert not ready.assignments.exists()

    made = reviewers_assign(applications=[ready], reviewers=reviewers[:2], by=manager)
    assert made == 2


def test_a_declared_conflict_needs_a_description(eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError) as error:
        conflict_declare(assignment=assignment, has_conflict=True, by=reviewers[0])
    assert "Describe the conflict of interest" in error.value.message


def test_only_the_assigned_reviewer_can_declare(eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError):
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewers[1])


def test_a_conflict_hides_the_application_and_stops_scoring(call, eligible, manager, reviewers):
    reviewer = reviewers[0]
    assignment = reviewer_assign(application=eligible, reviewer=reviewer, by=manager)
    conflict_declare(
        assignment=assignment,
        has_conflict=True,
        description="I am a trustee of this charity.",
        by=reviewer,
    )

    assert not applications_visible_to(user=reviewer).filter(pk=eligible.pk).exists()
    with pytest.raises(ReviewError) as error:
        review_save(assignment=assignment, scores=scores_for(call, 5, 5, 5, 5), by=reviewer)
    assert "You declared a conflict of interest" in error.value.message
    assert not Review.objects.exists()
    with pytest.raises(ReviewError):
        conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    assert actions(eligible)[-1] == "fund.review.conflict"


def test_no_scoring_before_the_conflict_declaration(call, eligible, manager, reviewers):
    assignment = reviewer_assign(application=eligible, reviewer=reviewers[0], by=manager)
    with pytest.raises(ReviewError) as error:
        review_save(assignment=assignment, scores=scores_for(call, 1, 1, 1, 1), by=reviewers[0])
    assert "Declare whether you have a conflict of interest" in error.value.message
    assert not applications_visible_to(user=reviewers[0]).exists()
