"""Crafted requests: what each role may not do, refused and leaving nothing
changed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fund.awards.admin.forms import CONDITIONS_FEATURES, ConditionsEditor
from tests.factories import UserFactory
from tests.security.access.helpers import (
    assert_names_nothing,
    assert_refused,
    login,
    page_of,
    snapshot,
)
from tests.support.plans import budget_posted
from tests.support.states import DECIDE_NOW

pytestmark = pytest.mark.django_db


BULK_URL = "/admin/bulk/fund/application/assign_reviewers/"


def today():
    return timezone.localdate().isoformat()


#: name -> (method, URL, form data). Each would change something if the role
#: were allowed it (see test_each_crafted_request_works_for_the_role_allowed_it).
ACTIONS = {
    "screen": (
        "post",
        lambda w: reverse("applications:screen", args=[w["unassigned"].pk]),
        lambda w: {"decision": "eligible", "note": ""},
    ),
    "assign reviewers": (
        "post",
        lambda w: reverse("applications:assign", args=[w["assigned"].pk]),
        lambda w: {"reviewers": [w["third"].pk]},
    ),
    "bulk assign reviewers": (
        "post",
        lambda w: f"{BULK_URL}?id={w['assigned'].pk}",
        lambda w: {"reviewers": [w["third"].pk]},
    ),
    "award": (
        "post",
        lambda w: reverse("applications:award", args=[w["assigned"].pk]),
        lambda w: {
            **DECIDE_NOW,
            "amount": "1000",
            **budget_posted("1000"),
            # What Wagtail's rich text editor posts.
            "conditions": ConditionsEditor(features=CONDITIONS_FEATURES).format_value(
                "<p>Report.</p>"
            ),
            "public_reason": "Good.",
        },
    ),
    "decline": (
        "post",
        lambda w: reverse("applications:decline", args=[w["assigned"].pk]),
        lambda w: {**DECIDE_NOW, "reason": "score", "feedback": "Below the line."},
    ),
    "reopen a review": (
        "post",
        lambda w: reverse("applications:reopen_review", args=[w["their_review"].pk]),
        lambda w: {"reason": "Check the budget score."},
    ),
    "score another's review": (
        "post",
        lambda w: reverse("fund_reviews:review", args=[w["mine"].pk]),
        lambda w: {
            f"criterion_{w['criterion'].pk}": "1",
            "recommendation": "decline",
            "comment": "Crafted.",
            "action": "submit",
        },
    ),
    "record acceptance": (
        "post",
        lambda w: reverse("awards:accept", args=[w["award"].pk]),
        lambda w: {"name": "Mallory", "position": "Chair"},
    ),
    "withdraw an award": (
        "post",
        lambda w: reverse("awards:withdraw", args=[w["award"].pk]),
        lambda w: {"reason": "Crafted."},
    ),
    "complete an award": (
        "post",
        lambda w: reverse("awards:complete", args=[w["accepted_award"].pk]),
        lambda w: {"confirm": "on"},
    ),
    "record a payment": (
        "post",
        lambda w: reverse("awards:payment", args=[w["accepted_award"].pk]),
        lambda w: {"paid_on": today(), "amount": "500", "bacs_reference": "PAY2"},
    ),
    "record returned money": (
        "post",
        lambda w: reverse("awards:return", args=[w["accepted_award"].pk]),
        lambda w: {"received_on": today(), "amount": "100", "reason": "underspend", "note": ""},
    ),
    "add an instalment": (
        "post",
        lambda w: reverse("awards:instalment", args=[w["award"].pk]),
        lambda w: {
            "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "amount": "500",
        },
    ),
    "reissue a letter": (
        "post",
        lambda w: reverse("awards:reissue_letter", args=[w["award"].pk]),
        lambda w: {"reason": "Crafted."},
    ),
    "retry a letter": (
        "post",
        lambda w: reverse("awards:letter_retry", args=[w["letter"].pk]),
        lambda w: {"confirm": "on"},
    ),
    "score a conflicted application": (
        "post",
        lambda w: reverse("fund_reviews:review", args=[w["mine_conflicted"].pk]),
        lambda w: {
            f"criterion_{w['criterion'].pk}": "5",
            "recommendation": "fund_full",
            "action": "submit",
        },
    ),
    "score another reviewer's assignment": (
        "post",
        lambda w: reverse("fund_reviews:review", args=[w["theirs"].pk]),
        lambda w: {"has_conflict": "yes", "description": "Crafted."},
    ),
    # Wagtail's generic form submissions views would delete applications;
    # calls are kept out of them (fund.wagtail_hooks).
    "delete applications as form submissions": (
        "post",
        lambda w: (
            f"/admin/forms/submissions/{w['call'].pk}/delete/"
            f"?selected-submissions={w['unassigned'].pk}"
        ),
        lambda w: {},
    ),
    "subject access export": (
        "post",
        lambda w: reverse("fund_subject_access"),
        lambda w: {"email": "unassigned@example.net"},
    ),
}


#: What the roles may not do (DESIGN.md and README "Roles").
FORBIDDEN = {
    "panel member": [
        "screen",
        "assign reviewers",
        "bulk assign reviewers",
        "award",
        "decline",
        "reopen a review",
        "record acceptance",
        "withdraw an award",
        "complete an award",
        "record a payment",
        "record returned money",
        "add an instalment",
        "reissue a letter",
        "retry a letter",
        "score a conflicted application",
        "score another reviewer's assignment",
        "delete applications as form submissions",
        "subject access export",
    ],
    "finance": [
        "screen",
        "assign reviewers",
        "bulk assign reviewers",
        "award",
        "decline",
        "reopen a review",
        "score another's review",
        "record acceptance",
        "withdraw an award",
        "complete an award",
        "score a conflicted application",
        "delete applications as form submissions",
        "subject access export",
    ],
    "manager": [
        "record a payment",
        "record returned money",
        "score another's review",
        "score a conflicted application",
        "delete applications as form submissions",
        "subject access export",
    ],
    "no role": list(ACTIONS),
    "anonymous": list(ACTIONS),
}


#: Who may do each (the positive control).
ALLOWED = {
    "screen": "manager",
    "assign reviewers": "manager",
    "bulk assign reviewers": "manager",
    "award": "manager",
    "decline": "manager",
    "reopen a review": "manager",
    "score another's review": "panel member",
    "record acceptance": "manager",
    "withdraw an award": "manager",
    "complete an award": None,  # needs a fully paid award: the refusal is by permission
    "record a payment": "finance",
    "record returned money": "finance",
    "add an instalment": "finance",
    "reissue a letter": "finance",
    "retry a letter": None,  # needs a failed letter: the refusal is by permission
    "score a conflicted application": None,
    "score another reviewer's assignment": None,
    "delete applications as form submissions": None,
    "subject access export": None,  # administrators only
}


def crafted(client, world, action):
    method, url, data = ACTIONS[action]
    return getattr(client, method)(url(world), data(world))


@pytest.mark.parametrize(
    ("who", "action"),
    [(who, action) for who, actions in FORBIDDEN.items() for action in actions],
)
def test_a_crafted_request_for_what_the_role_may_not_do_changes_nothing(
    client, world, people, who, action
):
    login(client, people[who])
    before = snapshot()

    response = crafted(client, world, action)

    assert_refused(response, anonymous=who == "anonymous")
    assert snapshot() == before
    if who != "panel member" or action in {"screen", "record a payment"}:
        # (A panel member's refusals name at most their own assignment.)
        assert_names_nothing(response, "unassigned", "awarded", "accepted")


@pytest.mark.parametrize("action", [a for a, who in ALLOWED.items() if who])
def test_each_crafted_request_works_for_the_role_allowed_it(client, world, people, action):
    """So the refusals above are refusals, not malformed requests."""
    login(client, people[ALLOWED[action]])
    before = snapshot()

    response = crafted(client, world, action)

    assert response.status_code == 302, page_of(response)[:3000]
    assert snapshot() != before
    assert snapshot()["audit entries"] > before["audit entries"]


def test_an_administrator_may_make_a_subject_access_export(client, world):
    login(client, UserFactory(is_superuser=True))

    response = crafted(client, world, "subject access export")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
