"""Scoring an application in the Wagtail admin: the review form, drafts,
checking and submitting."""

import re
from decimal import Decimal
from html import unescape

import pytest
from wagtail.models import ModelLogEntry

from fund.reviews.models import Review
from tests.reviews.admin.reviewing.helpers import (
    log_actions,
    review_form,
    review_url,
)
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


COMMENT = "A strong, well-evidenced bid from a trusted local group."


def checked(page, name):
    """The value of the radio button ``name`` that is chosen, or None."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def choices(page, name):
    """(value, label) of each radio button ``name``, as the page shows them."""
    return [
        (value, " ".join(label.split()))
        for value, label in re.findall(
            rf'<label[^>]*><input type="radio" name="{name}" value="([^"]*)"[^>]*>(.*?)</label>',
            page,
            re.DOTALL,
        )
    ]


def form_to_submit(page):
    """What the browser sends from the form on the page whose button says
    "Submit your review": its hidden inputs and that button."""
    form = next(
        f for f in re.findall(r"<form.*?</form>", page, re.DOTALL) if "Submit your review" in f
    )
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag, re.DOTALL)
        if name:
            data[name.group(1)] = unescape(value.group(1)) if value else ""
    button = re.search(
        r'<button[^>]*name="action"[^>]*value="([^"]*)"[^>]*>\s*Submit your review', form
    )
    data["action"] = button.group(1)
    return data


def test_scores_are_chosen_from_what_each_score_means(
    client, no_conflict, panel_member, open_call, second_criterion
):
    client.force_login(panel_member)

    page = page_text(client.get(review_url(no_conflict)))

    need = open_call.criteria.get(name="Need and evidence")
    assert choices(page, f"criterion_{need.pk}") == [
        ("0", "0 — Not addressed"),
        ("1", "1 — Poor: need asserted with no evidence"),
        ("2", "2 — Fair: some evidence, not local"),
        ("3", "3 — Good: clear local evidence of need"),
        ("4", "4 — Strong: local evidence from several sources"),
        ("5", "5 — Excellent: strong evidence, shaped by survivors"),
        ("na", "N/A — this criterion does not apply to this application"),
    ]
    # A "3 — " typed before a line's description is not shown twice.
    assert choices(page, f"criterion_{second_criterion.pk}")[3] == ("3", "3 — value level 3")
    assert "<legend" in page and "Your score for Need and evidence" in page
    assert f'type="text" name="criterion_{need.pk}"' not in page


def save_a_draft(client, assignment, call, second_criterion):
    """Post the review form as a draft with one score; returns the review."""
    need = call.criteria.get(name="Need and evidence")

    draft = client.post(
        review_url(assignment),
        review_form(call, scores={"Need and evidence": "4"}, comment=COMMENT),
        follow=True,
    )

    assert "Your draft review of SCF-2026-0042 has been saved." in page_text(draft)
    review = Review.objects.get(assignment=assignment)
    assert review.status == "draft"
    assert review.score is None
    assert review.comment == COMMENT
    assert [(s.name, s.score) for s in review.scores.all()] == [
        ("Need and evidence", 4),
        ("Value for money", None),
    ]
    assert checked(page_text(draft), f"criterion_{need.pk}") == "4"  # filled back in
    assert checked(page_text(draft), f"criterion_{second_criterion.pk}") is None
    assert COMMENT in page_text(draft)
    return review


def check_the_review(client, assignment, call, review, application):
    """Post the whole review to be checked; returns the check page's text."""
    check = client.post(
        review_url(assignment),
        review_form(
            call,
            action="check",
            scores={"Need and evidence": "4", "Value for money": "7"},
            comment=COMMENT,
            recommendation="fund_part",
            suggested_amount="£2,000",
        ),
    )

    page = page_text(check)
    assert check.status_code == 200
    assert "Check your review before you submit it" in page
    assert "4 — Strong: local evidence from several sources" in page
    assert "7 — value level 7" in page
    # (4/5 * 30 + 7/10 * 40) / 70 = 74.2857...%
    assert "74.3%" in page
    assert "Fund in part" in page
    assert "£2,000.00" in page
    assert COMMENT in page
    review.refresh_from_db()
    assert review.status == "draft"  # kept as checked, not yet submitted
    assert [s.score for s in review.scores.all()] == [4, 7]
    assert "fund.review.submit" not in log_actions(application)
    return page


def test_save_a_draft_then_check_and_submit_the_review(
    client, no_conflict, panel_member, open_call, application, second_criterion
):
    client.force_login(panel_member)
    review = save_a_draft(client, no_conflict, open_call, second_criterion)
    page = check_the_review(client, no_conflict, open_call, review, application)

    submitted = client.post(review_url(no_conflict), form_to_submit(page), follow=True)

    page = page_text(submitted)
    assert "Your review of SCF-2026-0042 has been submitted." in page
    review.refresh_from_db()
    assert review.status == "submitted"
    assert review.recommendation == "fund_part"
    assert review.suggested_amount == Decimal("2000.00")
    assert review.score == Decimal("74.2857")
    assert review.comment == COMMENT
    assert [s.comment for s in review.scores.all()] == [
        "On need and evidence.",
        "On value for money.",
    ]
    assert "74.3%" in page
    assert "Fund in part: £2,000.00" in page
    assert "4 out of 5" in page
    assert "7 out of 10" in page
    assert "Check and submit" not in page  # read-only now
    entry = ModelLogEntry.objects.get(object_id=str(application.pk), action="fund.review.submit")
    assert entry.user == panel_member


def test_change_your_review_goes_back_to_the_checked_draft(
    client, no_conflict, panel_member, open_call
):
    client.force_login(panel_member)
    need = open_call.criteria.get()

    page = page_text(
        client.post(
            review_url(no_conflict),
            review_form(
                open_call,
                action="check",
                scores={"Need and evidence": "2"},
                recommendation="decline",
            ),
        )
    )
    assert f'href="{review_url(no_conflict)}"' in page and "Change your review" in page

    again = page_text(client.get(review_url(no_conflict)))

    assert checked(again, f"criterion_{need.pk}") == "2"
    assert checked(again, "recommendation") == "decline"
    assert not Review.objects.filter(status="submitted").exists()
