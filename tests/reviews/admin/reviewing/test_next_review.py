"""After a review is submitted, the panel member is offered their next one."""

import re

import pytest
from django.urls import reverse

from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.reviews.admin.reviewing.helpers import (
    make_application,
    review_form,
    review_url,
    submit_review,
)
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


def test_after_submitting_the_next_review_waiting_is_offered(
    client, open_call, panel_member, manager
):
    first, second, done, conflicted, decided = (
        reviewer_assign(
            application=make_application(open_call, reference=f"SCF-2026-010{n}"),
            reviewer=panel_member,
            by=manager,
        )
        for n in range(1, 6)
    )
    submit_review(done, panel_member, open_call, scores={"Need and evidence": 3})
    conflict_declare(
        assignment=conflicted, has_conflict=True, description="My cousin.", by=panel_member
    )
    decided.application.status = "declined"
    decided.application.save()
    client.force_login(panel_member)

    def score_and_submit(assignment):
        conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)
        form = review_form(
            open_call, action="submit", scores={"Need and evidence": "4"}, recommendation="decline"
        )
        return page_text(client.post(review_url(assignment), form, follow=True))

    page = score_and_submit(first)

    assert "Your next review is SCF-2026-0102." in page
    assert f'href="{review_url(second)}"' in page
    for other in (done, conflicted, decided):
        assert f'href="{review_url(other)}"' not in page

    page = score_and_submit(second)

    assert "You have no more reviews waiting." in page
    assert f'href="{reverse("fund_reviews:index")}"' in page
    assert "Back to your reviews" in page


def test_after_declaring_a_conflict_the_next_review_is_offered(
    client, open_call, panel_member, manager
):
    mine, following = (
        reviewer_assign(
            application=make_application(open_call, reference=f"SCF-2026-020{n}"),
            reviewer=panel_member,
            by=manager,
        )
        for n in range(1, 3)
    )
    client.force_login(panel_member)

    page = page_text(
        client.post(
            review_url(mine),
            {"has_conflict": "yes", "description": "I chair its board."},
            follow=True,
        )
    )

    assert "Your next review is SCF-2026-0202." in page
    assert f'href="{review_url(following)}"' in page


def test_the_review_page_loads_the_admin_stylesheet_and_has_no_inline_style(
    client, no_conflict, panel_member
):
    client.force_login(panel_member)

    page = page_text(client.get(review_url(no_conflict)))

    assert re.search(r'<link rel="stylesheet" href="/static/css/admin\.css', page)
    assert 'class="fund-review-layout"' in page
    main = page[page.index("<main") :]
    assert "<style" not in main and "style=" not in main
