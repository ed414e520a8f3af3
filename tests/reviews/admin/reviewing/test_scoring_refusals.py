"""What the review form refuses, and how it says so: every error at once,
scores out of range, missing answers and amounts above the request."""

import re
from decimal import Decimal

import pytest

from fund.reviews.models import Review
from tests.reviews.admin.reviewing.helpers import (
    BAD_SCORE,
    review_form,
    review_url,
    submit_review,
)
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def test_every_error_is_shown_at_once_each_naming_its_field(
    client, no_conflict, panel_member, open_call, second_criterion
):
    """The form's own errors (a score that is not a choice, an amount that
    is not money) and the service's (a missing score) together."""
    client.force_login(panel_member)
    need = open_call.criteria.get(name="Need and evidence")

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="check",
            scores={"Value for money": "11"},
            recommendation="fund_part",
            suggested_amount="lots",
        ),
    )

    page = page_text(response)
    summary = page[
        page.index("There is a problem") : page.index("</ul>", page.index("There is a problem"))
    ]
    expected = [
        (f"#id_criterion_{need.pk}_0", "Give a score for Need and evidence, or mark it N/A."),
        (
            f"#id_criterion_{second_criterion.pk}_0",
            "The score for Value for money must be a whole number from 0 to 10.",
        ),
        (
            "#id_suggested_amount",
            "Enter the suggested amount in pounds, for example 1500 or 1500.50.",
        ),
    ]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary) == expected
    for _anchor, message in expected:
        assert page.count(message) == 2  # in the summary and by the field
    assert "Check your review before you submit it" not in page
    assert not Review.objects.exists()


def test_a_missing_recommendation_and_score_are_shown_together(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)

    page = page_text(client.post(review_url(no_conflict), review_form(open_call, action="check")))

    assert "Give a score for Need and evidence, or mark it N/A." in page
    assert "Choose your recommendation before you submit." in page
    assert not Review.objects.exists()


def test_not_applicable_is_left_out_of_the_weighted_score(
    client, no_conflict, panel_member, open_call, second_criterion
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="submit",
            scores={"Value for money": "3"},
            na=["Need and evidence"],
            recommendation="decline",
        ),
        follow=True,
    )

    review = Review.objects.get(assignment=no_conflict)
    assert review.score == Decimal("30.0000")
    assert "30.0%" in page_text(response)
    assert "N/A" in page_text(response)


@pytest.mark.parametrize("typed", ["6", "-1", "2.5", "four"])
def test_a_score_outside_the_criterions_range_is_refused(
    client, no_conflict, panel_member, open_call, typed
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="submit",
            scores={"Need and evidence": typed},
            recommendation="fund_full",
        ),
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "There is a problem" in page
    assert page.count(BAD_SCORE) == 2  # in the summary and by the field
    criterion = open_call.criteria.get()
    assert f'href="#id_criterion_{criterion.pk}_0"' in page
    assert not Review.objects.exists()


def test_submitting_without_a_recommendation_is_refused(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(open_call, action="submit", scores={"Need and evidence": "3"}),
    )

    assert "Choose your recommendation before you submit." in page_text(response)
    assert 'href="#id_recommendation_0"' in page_text(response)
    assert not Review.objects.filter(status="submitted").exists()


def test_submitting_without_every_score_is_refused(client, no_conflict, panel_member, open_call):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict), review_form(open_call, action="submit", recommendation="decline")
    )

    assert "Give a score for Need and evidence, or mark it N/A." in page_text(response)
    assert not Review.objects.filter(status="submitted").exists()


def test_a_suggested_amount_above_the_request_is_refused(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)

    response = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="submit",
            scores={"Need and evidence": "3"},
            recommendation="fund_part",
            suggested_amount="2600",
        ),
    )

    page = page_text(response)
    assert (
        "The suggested amount must be more than £0 and no more than the £2500.00 requested." in page
    )
    assert 'href="#id_suggested_amount"' in page
    assert not Review.objects.filter(status="submitted").exists()


@pytest.mark.parametrize("typed", ["1,800", "£1,800", "1800.00", " £1,800.00 "])
def test_a_suggested_amount_is_read_as_money_is_written(
    client, no_conflict, panel_member, open_call, typed
):
    """One money parser everywhere: what the public form accepts, the panel may type."""
    client.force_login(panel_member)

    client.post(
        review_url(no_conflict),
        review_form(
            open_call,
            action="draft",
            scores={"Need and evidence": "3"},
            recommendation="fund_part",
            suggested_amount=typed,
        ),
    )

    assert Review.objects.get(assignment=no_conflict).suggested_amount == Decimal("1800.00")


def test_a_submitted_review_cannot_be_changed(client, assignment, panel_member, open_call):
    review = submit_review(assignment, panel_member, open_call, scores={"Need and evidence": 2})
    client.force_login(panel_member)

    response = client.post(
        review_url(assignment),
        review_form(
            open_call, action="submit", scores={"Need and evidence": "5"}, recommendation="decline"
        ),
    )

    assert response.status_code == 400
    assert (
        "You have submitted this review, so it can no longer be changed. "
        "Ask a fund manager to reopen it." in page_text(response)
    )
    review.refresh_from_db()
    assert review.score == Decimal("40.0000")
    assert review.recommendation == "fund_full"
    assert [s.score for s in review.scores.all()] == [2]
