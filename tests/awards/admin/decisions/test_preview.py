"""A decision is previewed, then confirmed, and its e-mails carry the
applicant's private link."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from fund.applications.models import Application
from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from fund.awards.models.awards import Award
from fund.awards.services.decisions import application_decline, award_make
from fund.core.outbox import QueuedEmail
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.screening import application_screen
from tests.awards.admin.decisions.helpers import CONDITIONS, panel_member
from tests.support.pages import page_text
from tests.support.plans import budget_posted
from tests.support.states import award_url, decline_url, submitted

pytestmark = pytest.mark.django_db


def hidden_fields(response):
    """The fields the preview posts back with "Confirm" or "Change"."""
    return dict(
        (unescape(name), unescape(value))
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', response.content.decode()
        )
        if name != "csrfmiddlewaretoken"
    )


def test_the_award_is_previewed_changed_and_confirmed(
    client, manager, ready, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    form = {
        "amount": "£1,750",
        "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value(CONDITIONS),
        "public_reason": "Helps survivors of modern slavery recover.",
        # Less than was asked for, so the budget's lines change to add up to it.
        **budget_posted("1,750"),
    }

    preview = client.post(award_url(ready), form)

    assert preview.status_code == 200
    page = page_text(preview)
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
    assert "Preview the offer" in page_text(changed)
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

    page = page_text(preview)
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
    assert "Check the decision" not in page_text(response)


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
    assert "Download your award letter" in page_text(opened)
    letter = client.post(letter_link)
    assert letter["Location"] == reverse("fund_status_letter")
    download = client.get(letter["Location"])
    assert download["Content-Type"] == "application/pdf"

    client.post(status_link)
    assert "£1,800.00" in page_text(client.get(reverse("fund_status")))


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
    assert application.reference in page_text(client.get(response["Location"]))
