"""The factories' traits reach their states through the services."""

from decimal import Decimal

from fund.awards.selectors import paid_total
from tests.factories import (
    ApplicationFactory,
    AwardFactory,
    CallFactory,
    ReviewAssignmentFactory,
    ReviewFactory,
    UserFactory,
)
from tests.factories.people import FINANCE
from tests.support.states import assert_consistent, status_actions


def test_an_application_is_submitted_directly_with_a_reference_of_its_own(open_call):
    first, second = ApplicationFactory(page=open_call), ApplicationFactory(page=open_call)

    assert first.status == second.status == "submitted"
    assert first.reference != second.reference
    assert status_actions(first) == []


def test_the_submitted_trait_sends_a_draft_through_the_submit_service(open_call, manager):
    application = ApplicationFactory(page=open_call, submitted=True)

    assert application.status == "submitted"
    assert application.reference.startswith("SCF-")
    assert [action for action, _data in status_actions(application)] == ["fund.application.submit"]
    assert_consistent(application, manager)


def test_factory_references_never_clash_with_those_the_service_gives(open_call):
    sent = ApplicationFactory(page=open_call, submitted=True)
    made = [ApplicationFactory(page=open_call) for _ in range(3)]

    assert len({sent.reference, *(a.reference for a in made)}) == 4


def test_each_trait_reaches_its_status_through_the_services(open_call, manager, panel_member):
    screened = ApplicationFactory(page=open_call, screened=True, manager=manager)
    in_review = ApplicationFactory(page=open_call, in_review=True, reviewer=panel_member)
    reviewed = ApplicationFactory(page=open_call, reviewed=True)

    assert (screened.status, in_review.status, reviewed.status) == (
        "eligible",
        "in_review",
        "reviewed",
    )
    assert in_review.assignments.get().reviewer == panel_member
    assert reviewed.assignments.get().review.status == "submitted"
    for application in (screened, in_review, reviewed):
        assert_consistent(application, manager)


def test_assignment_and_review_factories_use_the_review_services(open_call, manager):
    eligible = ApplicationFactory(page=open_call, screened=True)
    assignment = ReviewAssignmentFactory(application=eligible, by=manager)
    draft = ReviewFactory(assignment=assignment, submit=False)

    assert assignment.conflict == "none"
    assert draft.status == "draft"


def test_an_award_is_offered_accepted_or_paid_through_the_award_services(open_call, manager):
    offered = AwardFactory(call=open_call, by=manager)
    accepted = AwardFactory(call=open_call, accepted=True)
    paid = AwardFactory(call=open_call, paid=True, amount="3000.00")
    part_paid = AwardFactory(call=open_call, paid=True, paid_amount="1000.00")

    assert [a.status for a in (offered, accepted, paid, part_paid)] == [
        "offered",
        "accepted",
        "paid",
        "accepted",
    ]
    assert paid_total(paid) == Decimal("3000.00")
    assert paid_total(part_paid) == Decimal("1000.00")
    for award in (offered, accepted, paid, part_paid):
        assert_consistent(award.application, manager)


def test_a_call_factory_gives_each_call_its_own_slug(fund_page):
    first, second = CallFactory(fund=fund_page), CallFactory(fund=fund_page)

    assert first.slug != second.slug
    assert first.is_open() and second.is_open()


def test_a_user_can_be_put_in_groups_by_name(db):
    user = UserFactory(in_groups=[FINANCE])

    assert list(user.groups.values_list("name", flat=True)) == [FINANCE]
