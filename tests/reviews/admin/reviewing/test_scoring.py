"""Scoring an application in the Wagtail admin: the review form, drafts,
checking and submitting."""

import re
from decimal import Decimal
from html import unescape

import pytest
from wagtail.models import ModelLogEntry

from fund.calls.models import ScoringCriterion
from fund.reviews.models import Review
from tests.reviews.admin.reviewing.helpers import (
    log_actions,
    review_form,
    review_url,
    submit_review,
)
from tests.support.pages import page_text

pytestmark = pytest.mark.django_db


COMMENT = "A strong, well-evidenced bid from a trusted local group."


BAD_SCORE = "The score for Need and evidence must be a whole number from 0 to 5."


VALUE_WORDS = [f"value level {n}" for n in range(11)]


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


@pytest.fixture
def second_criterion(open_call):
    """With "Need and evidence" (weight 30, out of 5) from conftest."""
    return ScoringCriterion.objects.create(
        page=open_call,
        sort_order=1,
        name="Value for money",
        weight=40,
        maximum_score=10,
        score_descriptors="\n".join(f"{n} — {VALUE_WORDS[n]}" for n in range(11)),
    )


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


def test_save_a_draft_then_check_and_submit_the_review(
    client, no_conflict, panel_member, open_call, application, second_criterion
):
    client.force_login(panel_member)
    need = open_call.criteria.get(name="Need and evidence")

    draft = client.post(
        review_url(no_conflict),
        review_form(open_call, scores={"Need and evidence": "4"}, comment=COMMENT),
        follow=True,
    )

    assert "Your draft review of SCF-2026-0042 has been saved." in page_text(draft)
    review = Review.objects.get(assignment=no_conflict)
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

    check = client.post(
        review_url(no_conflict),
        review_form(
            open_call,
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
