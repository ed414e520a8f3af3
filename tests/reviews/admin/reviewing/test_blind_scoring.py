"""Blind scoring: a panel member sees no other member's scores until they
submit their own."""

import pytest

from fund.reviews.services.assignment import reviewer_assign
from tests.reviews.admin.reviewing.helpers import review_form, review_url, submit_review
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def test_other_reviews_are_hidden_until_the_reviewer_submits_their_own(
    client, application, assignment, panel_member, other_member, manager, open_call
):
    theirs = reviewer_assign(application=application, reviewer=other_member, by=manager)
    submit_review(
        theirs,
        other_member,
        open_call,
        scores={"Need and evidence": 1},
        comment="Thin evidence of need; I would not fund this.",
        recommendation="decline",
    )
    client.force_login(panel_member)

    for before in (
        client.get(review_url(assignment)),  # the declaration
        client.post(review_url(assignment), {"has_conflict": "no"}, follow=True),
        client.post(  # a draft
            review_url(assignment), review_form(open_call, scores={"Need and evidence": "4"})
        ),
    ):
        page = page_text(before)
        assert "Priya Shah" not in page
        assert "Thin evidence of need" not in page
        assert "20.0%" not in page
        assert "Other panel members" not in page

    after = client.post(
        review_url(assignment),
        review_form(
            open_call,
            action="submit",
            scores={"Need and evidence": "4"},
            recommendation="fund_full",
        ),
        follow=True,
    )

    page = page_text(after)
    assert "80.0%" in page
    assert "Review by Priya Shah" in page
    assert "Thin evidence of need; I would not fund this." in page
    assert "20.0%" in page
    assert "Decline" in page
    assert "1 out of 5" in page


def test_a_submitted_review_says_when_no_one_else_has_submitted(
    client, assignment, panel_member, open_call
):
    submit_review(assignment, panel_member, open_call, scores={"Need and evidence": 3})
    client.force_login(panel_member)

    page = page_text(client.get(review_url(assignment)))

    assert "60.0%" in page
    assert "No other panel member has submitted a review yet." in page


def test_reviews_closed_after_a_decision_show_no_form(client, no_conflict, panel_member):
    no_conflict.application.status = "declined"
    no_conflict.application.save()
    client.force_login(panel_member)

    page = page_text(client.get(review_url(no_conflict)))

    assert "Reviews of this application are closed." in page
    assert "Check and submit" not in page
