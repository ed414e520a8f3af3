"""Deciding on an application as a fund manager meets it: what the panel
said, the guardrails on a decision that comes too soon, the preview of what
the applicant will get, and the confirmation; and the e-mails that follow,
each carrying the applicant's private link."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from fund.applications.models import Application
from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.models.awards import Award
from fund.awards.services.awards import application_decline, award_make, decision_too_soon
from fund.calls.models import CallPage
from fund.core.errors import ServiceError
from fund.core.outbox import QueuedEmail
from fund.reviews.services import (
    ScoreInput,
    application_screen,
    conflict_declare,
    review_save,
    reviewer_assign,
)
from tests.factories import UserFactory
from tests.support.states import submitted

pytestmark = pytest.mark.django_db

CONDITIONS = "<p>Send a report within three months of the project's end.</p>"


def text(response):
    return unescape(response.content.decode())


def award_url(application):
    return reverse("fund_application_award", args=[application.pk])


def decline_url(application):
    return reverse("fund_application_decline", args=[application.pk])


def hidden_fields(response):
    """The fields the preview posts back with "Confirm" or "Change"."""
    return dict(
        (unescape(name), unescape(value))
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode()
        )
        if name != "csrfmiddlewaretoken"
    )


def panel_member(name):
    user = UserFactory(first_name=name, last_name="Panel")
    user.groups.add(Group.objects.get(name="Grant panel"))
    return user


def review(application, manager, reviewer, *, recommendation, amount=None, comment=""):
    assignment = reviewer_assign(application=application, reviewer=reviewer, by=manager)
    conflict_declare(assignment=assignment, has_conflict=False, by=reviewer)
    call = application.page.specific
    return review_save(
        assignment=assignment,
        scores=[ScoreInput(criterion_id=c.pk, score=4) for c in call.criteria.all()],
        recommendation=recommendation,
        suggested_amount=amount,
        comment=comment,
        submit=True,
        by=reviewer,
    )


def close(call):
    CallPage.objects.filter(pk=call.pk).update(closes_at=timezone.now() - dt.timedelta(days=1))


@pytest.fixture
def screened(open_call, manager):
    """An application asking for £4,000, screened eligible on an open call."""
    return application_screen(application=submitted(open_call), eligible=True, by=manager)


@pytest.fixture
def in_review(manager, screened):
    """The same application with one panel member assigned, not yet scored:
    awarding or declining it is open, and too soon."""
    assignment = reviewer_assign(application=screened, reviewer=panel_member("Pat"), by=manager)
    return assignment.application


@pytest.fixture
def ready(open_call, manager, screened):
    """Reviewed by two panel members who agree on £1,800, on a closed call."""
    review(
        screened,
        manager,
        panel_member("Priya"),
        recommendation="fund_part",
        amount=Decimal("1800"),
        comment="Strong on survivors' voice; the training budget is high.",
    )
    review(
        screened,
        manager,
        panel_member("Paul"),
        recommendation="fund_part",
        amount=Decimal("1800.00"),
        comment="Fund the casework only.",
    )
    close(open_call)
    screened.refresh_from_db()
    return screened


# --- what the panel said -----------------------------------------------------------------


def test_the_award_form_shows_the_panel_and_starts_at_the_amount_they_agreed(
    client, manager, ready
):
    client.force_login(manager)

    response = client.get(award_url(ready))

    page = text(response)
    assert response.context["form"]["amount"].value() == Decimal("1800")
    assert "The panel agreed on £1,800.00, so the amount starts there." in page
    for said in ("Priya Panel", "Paul Panel", "Fund in part", "Fund the casework only."):
        assert said in page
    assert "the training budget is high" in page
    assert "It is too soon" not in page
    assert "early_reason" not in response.context["form"].fields


def test_when_the_panel_disagree_the_amount_is_left_for_the_fund_manager(
    client, manager, screened, open_call
):
    review(screened, manager, panel_member("Priya"), recommendation="fund_full")
    review(screened, manager, panel_member("Paul"), recommendation="decline", comment="Too costly.")
    close(open_call)
    client.force_login(manager)

    response = client.get(award_url(screened))

    assert response.context["form"]["amount"].value() is None
    page = text(response)
    assert "The panel did not agree on an amount" in page
    assert "£4,000.00 (in full)" in page
    assert "Too costly." in page


def test_the_decline_form_shows_the_panels_comments(client, manager, ready):
    client.force_login(manager)

    page = text(client.get(decline_url(ready)))

    assert "What the panel said" in page
    assert "Fund the casework only." in page


# --- guardrails ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [award_url, decline_url])
def test_a_decision_too_soon_says_why_and_asks_for_a_reason(client, manager, in_review, url):
    client.force_login(manager)

    page = text(client.get(url(in_review)))

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


# --- preview and confirmation ---------------------------------------------------------------


def test_the_award_is_previewed_changed_and_confirmed(
    client, manager, ready, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    form = {
        "amount": "£1,750",
        "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value(CONDITIONS),
        "public_reason": "Helps survivors of modern slavery recover.",
    }

    preview = client.post(award_url(ready), form)

    assert preview.status_code == 200
    page = text(preview)
    assert "Check the offer of £1,750.00 to" in page
    # The e-mail, with a stand-in for the private link staff never see.
    assert "We are pleased to offer a grant of £1,750.00" in page
    assert "Accept the offer by" in page
    assert "[the applicant's private link]" in page
    assert "/apply/view/" not in page
    # The letter, in a sandboxed frame.
    letter = re.search(r'<iframe srcdoc="([^"]*)" sandbox=""', preview.content.decode())
    assert letter and "£1,750.00" in unescape(letter.group(1))
    assert "three months of the project" in unescape(letter.group(1))
    assert not Award.objects.exists()
    assert not QueuedEmail.objects.filter(kind="offer").exists()

    posted = hidden_fields(preview)
    changed = client.post(award_url(ready), {**posted, "change": "1"})
    assert changed.context["form"]["amount"].value() == "£1,750"
    assert "Preview the offer" in text(changed)
    assert not Award.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(award_url(ready), {**posted, "confirm": "1"})

    assert confirmed.status_code == 302
    award = Award.objects.get(application=ready)
    assert award.amount == Decimal("1750.00")
    assert "three months of the project" in award.conditions
    assert award.public_reason == "Helps survivors of modern slavery recover."


def test_the_decline_is_previewed_then_confirmed(
    client, manager, ready, django_capture_on_commit_callbacks
):
    client.force_login(manager)

    preview = client.post(
        decline_url(ready), {"reason": "budget", "feedback": "Please apply to the next round."}
    )

    page = text(preview)
    assert "Check the decision to decline" in page
    assert "Not enough budget left in this round" in page
    assert "Please apply to the next round." in page
    assert "[the applicant's private link]" in page
    assert Application.objects.get(pk=ready.pk).status == "reviewed"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(decline_url(ready), {**hidden_fields(preview), "confirm": "1"})

    assert Application.objects.get(pk=ready.pk).status == "declined"


def test_the_preview_shows_every_error_before_anything_is_previewed(client, manager, ready):
    client.force_login(manager)

    response = client.post(decline_url(ready), {"reason": "", "feedback": " "})

    errors = response.context["form"].errors
    assert errors["reason"] == ["Choose the reason the application is declined."]
    assert errors["feedback"] == ["Write some feedback for the applicant."]
    assert "Check the decision" not in text(response)


# --- the e-mails carry the private link ----------------------------------------------------


def link_in(body, marker="/apply/view/"):
    return next(line.strip() for line in body.splitlines() if marker in line)


def test_the_offer_e_mail_links_the_status_page_and_the_letter(
    client, manager, ready, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        award = award_make(application=ready, amount="1800", conditions=CONDITIONS, by=manager)
    body = QueuedEmail.objects.get(kind="offer").body
    assert f"Accept the offer by {award.accept_by:%-d %B %Y}" in body
    letter_link = next(line for line in body.splitlines() if "?then=letter" in line)
    status_link = next(
        line for line in body.splitlines() if "/apply/view/" in line and "then" not in line
    )

    opened = client.get(letter_link)
    assert "Download your award letter" in text(opened)
    letter = client.post(letter_link)
    assert letter["Location"] == reverse("fund_status_letter")
    download = client.get(letter["Location"])
    assert download["Content-Type"] == "application/pdf"

    client.post(status_link)
    assert "£1,800.00" in text(client.get(reverse("fund_status")))


@pytest.mark.parametrize("kind", ["declined", "ineligible"])
def test_the_decline_and_ineligible_e_mails_carry_the_status_link(
    client, manager, open_call, kind, django_capture_on_commit_callbacks
):
    application = submitted(open_call)
    with django_capture_on_commit_callbacks(execute=True):
        if kind == "ineligible":
            application_screen(
                application=application, eligible=False, reason="outside_area", by=manager
            )
        else:
            application_screen(application=application, eligible=True, by=manager)
            reviewer_assign(application=application, reviewer=panel_member("Pat"), by=manager)
            application_decline(
                application=application,
                reason="score",
                feedback="Thank you.",
                early_reason="Testing the e-mail.",
                by=manager,
            )
    body = QueuedEmail.objects.get(kind=kind).body

    response = client.post(link_in(body))

    assert response["Location"] == reverse("fund_status")
    assert application.reference in text(client.get(response["Location"]))
