"""What an application's page shows staff while it is screened and reviewed,
and reopening a review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from fund.reviews.models import Review
from fund.reviews.services.reviewing import review_reopen
from tests.reviews.admin.screening.helpers import inspect_url, reopen_url, submit_review
from tests.support.pages import page_text
from tests.support.states import actions

pytestmark = pytest.mark.django_db


def test_inspect_shows_a_fund_manager_screening_conflicts_and_every_score(
    client, manager, reviewed
):
    application = reviewed["application"]
    client.force_login(manager)

    response = client.get(inspect_url(application))

    assert response.status_code == 200
    page = page_text(response)
    # screening
    assert "Screening" in page
    assert "Eligible" in page
    assert manager.get_username() in page
    # the panel, with the conflict and its description
    for name in ["Priya Shah", "Tom Okafor", "Jo Bell"]:
        assert name in page
    assert "Conflict declared" in page
    assert "I chair their board." in page
    # each review: criterion scores or N/A, comments, weighted score, recommendation
    assert "Review by Priya Shah" in page and "Review by Tom Okafor" in page
    assert "4 / 5" in page and "N/A" in page
    assert "1 / 5" in page and "2 / 5" in page
    assert "Strong evidence from the local survivor forum." in page
    assert "80.0%" in page and "28.0%" in page
    assert "Fund in full" in page and "Fund in part" in page
    assert "£1,500.00" in page
    assert "A well-run group." in page and "Costs are unclear." in page
    # the application's summary: mean, count, spread and the moderation flag
    assert "54.0%" in page
    assert "52.0 points" in page
    assert "Needs moderation: the reviewers disagree." in page


def test_inspect_shows_no_moderation_flag_when_reviewers_agree(client, manager, panel, eligible):
    submit_review(eligible, panel("Priya", "Shah"), manager, need=4, partnership=4)
    submit_review(eligible, panel("Tom", "Okafor"), manager, need=4, partnership=3)
    client.force_login(manager)

    page = page_text(client.get(inspect_url(eligible)))

    assert "Needs moderation" not in page
    assert "Not needed" in page


def test_inspect_hides_reviews_scores_and_conflicts_from_finance(client, finance, reviewed):
    client.force_login(finance)

    response = client.get(inspect_url(reviewed["application"]))

    assert response.status_code == 200
    page = page_text(response)
    assert "SCF-2026-0101" in page
    for secret in [
        "Priya Shah",
        "I chair their board.",
        "Review by",
        "80.0%",
        "54.0%",
        "Strong evidence from the local survivor forum.",
        "Needs moderation",
        "Screened by",
    ]:
        assert secret not in page, secret


def test_inspect_costs_the_same_queries_for_five_reviews_as_for_two(
    client, manager, panel, eligible, django_assert_max_num_queries
):

    for n in range(2):
        submit_review(eligible, panel("Member", f"No{n}"), manager, need=3, partnership=3)
    client.force_login(manager)
    url = inspect_url(eligible)
    client.get(url)
    with CaptureQueriesContext(connection) as two:
        client.get(url)

    for n in range(2, 5):
        submit_review(eligible, panel("Member", f"No{n}"), manager, need=3, partnership=3)
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = client.get(url)
    assert page_text(response).count("Review by Member") == 5


def test_inspect_offers_a_reopen_form_for_each_submitted_review(client, manager, reviewed):
    client.force_login(manager)

    page = page_text(client.get(inspect_url(reviewed["application"])))

    for review in reviewed["reviews"]:
        assert f'action="{reopen_url(review)}"' in page
        assert f'id="id_reopen_{review.pk}_reason"' in page


def test_reopening_a_review_with_a_reason_sends_it_back_as_a_draft(client, manager, reviewed):
    application = reviewed["application"]
    review = reviewed["reviews"][0]
    client.force_login(manager)

    response = client.post(reopen_url(review), {"reason": "Please score partnership too."})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(application)
    review.refresh_from_db()
    assert review.status == "draft"
    assert review.score is None
    application.refresh_from_db()
    assert application.status == "in_review"
    entry = ModelLogEntry.objects.get(object_id=str(application.pk), action="fund.review.reopen")
    assert entry.data["reason"] == "Please score partnership too."
    assert entry.user == manager
    page = page_text(client.get(response["Location"]))
    assert "Priya Shah's review is reopened as a draft." in page


def test_reopening_a_review_without_a_reason_is_refused(client, manager, reviewed):
    review = reviewed["reviews"][0]
    client.force_login(manager)

    response = client.post(reopen_url(review), {"reason": "  "})

    assert response.status_code == 200
    assert "Give the reason for reopening the review." in page_text(response)
    review.refresh_from_db()
    assert review.status == "submitted"
    assert "fund.review.reopen" not in actions(reviewed["application"])


def test_reopening_a_draft_is_refused(client, manager, reviewed):
    review = reviewed["reviews"][0]
    review_reopen(review=review, reason="First time.", by=manager)
    client.force_login(manager)

    response = client.post(reopen_url(review), {"reason": "Again."})

    assert response.status_code == 200
    assert "This review has not been submitted, so there is nothing to reopen." in page_text(
        response
    )
    assert Review.objects.get(pk=review.pk).status == "draft"
