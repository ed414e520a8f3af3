"""Hostile text typed by applicants and staff is shown as text on every admin
page."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.escaping.helpers import ALL_ANSWERS, as_user
from tests.security.escaping.scenario import (
    HOSTILE_EMAIL,
    HTML_PAYLOADS,
    assert_shown_as_text,
    send_hostile_application,
)
from tests.security.helpers import award_form

pytestmark = pytest.mark.django_db


#: (who looks, the page, the answers it shows)
ADMIN_PAGES = {
    "applications listing": ("manager", lambda s: reverse("applications:index"), ["org"]),
    "applications search": (
        "manager",
        lambda s: reverse("applications:index") + "?" + urlencode({"q": s.payload}),
        [],
    ),
    "application inspect (manager)": (
        "manager",
        lambda s: reverse("applications:inspect", args=[s.awarded.pk]),
        ALL_ANSWERS,
    ),
    "application inspect (finance)": (
        "finance",
        lambda s: reverse("applications:inspect", args=[s.awarded.pk]),
        ALL_ANSWERS,
    ),
    "withdrawn application inspect": (
        "manager",
        lambda s: reverse("applications:inspect", args=[s.withdrawn.pk]),
        [],
    ),
    "application history": (
        "manager",
        lambda s: reverse("applications:history", args=[s.awarded.pk]),
        ["org"],
    ),
    "withdrawn application history": (
        "manager",
        lambda s: reverse("applications:history", args=[s.withdrawn.pk]),
        [],
    ),
    "site history": ("manager", lambda s: "/admin/reports/site-history/", []),
    "screening": (
        "manager",
        lambda s: reverse("applications:screen", args=[s.awarded.pk]),
        ["org", "title"],
    ),
    "assign reviewers": (
        "manager",
        lambda s: reverse("applications:assign", args=[s.awarded.pk]),
        ["org", "title"],
    ),
    "panel review page": (
        "panel",
        lambda s: reverse("fund_reviews:review", args=[s.assignment.pk]),
        ["org", "title", "summary", "shape", "funders", "document", "question_document"],
    ),
    "panel's reviews listing": ("panel", lambda s: reverse("fund_reviews:index"), ["org"]),
    "panel's dashboard": ("panel", lambda s: reverse("wagtailadmin_home"), ["org"]),
    "manager's dashboard": ("manager", lambda s: reverse("wagtailadmin_home"), []),
    "ranking": ("manager", lambda s: reverse("fund_ranking") + f"?call={s.call.pk}", ["org"]),
    "awards listing": ("finance", lambda s: reverse("awards:index"), ["org"]),
    "award page": (
        "finance",
        lambda s: reverse("awards:inspect", args=[s.award.pk]),
        ["org", "accepted_name", "accepted_position"],
    ),
    "awards report": ("finance", lambda s: reverse("awards:index"), ["org"]),
    "bulk assignment confirmation": (
        "manager",
        lambda s: f"/admin/bulk/fund/application/assign_reviewers/?id={s.awarded.pk}",
        ["org"],
    ),
    "call statistics": (
        "manager",
        lambda s: reverse("fund_call_statistics") + f"?call={s.call.pk}",
        [],
    ),
}


@pytest.mark.parametrize("page", list(ADMIN_PAGES))
def test_admin_pages_show_applicant_text_as_text(client, users, scenario, page):
    role, url, shown = ADMIN_PAGES[page]
    as_user(client, users[role])

    response = client.get(url(scenario))

    assert response.status_code == 200, response.get("Location")
    assert_shown_as_text(response.content.decode(), *[scenario.value(tag) for tag in shown])


@pytest.mark.parametrize("payload", list(HTML_PAYLOADS.values()), ids=list(HTML_PAYLOADS))
def test_the_managers_actions_and_their_messages_show_applicant_text_as_text(
    client, call, manager, panel_member, payload, django_capture_on_commit_callbacks
):
    """Screen, assign (one and in bulk) and award through the admin: every
    form, confirmation and success message that names the application."""
    _browser, application, values = send_hostile_application(
        call, payload, HOSTILE_EMAIL, django_capture_on_commit_callbacks
    )
    other = UserFactory(first_name="Other", last_name="Reviewer")
    other.groups.add(*panel_member.groups.all())
    as_user(client, manager)
    shown = [values["org"]]

    steps = [
        ("get", reverse("applications:screen", args=[application.pk]), {}),
        (
            "post",
            reverse("applications:screen", args=[application.pk]),
            {"decision": "eligible"},
        ),
        ("get", reverse("applications:assign", args=[application.pk]), {}),
        (
            "post",
            reverse("applications:assign", args=[application.pk]),
            {"reviewers": [panel_member.pk]},
        ),
        ("get", f"/admin/bulk/fund/application/assign_reviewers/?id={application.pk}", {}),
        (
            "post",
            f"/admin/bulk/fund/application/assign_reviewers/?id={application.pk}"
            f"&next={reverse('applications:index')}",
            {"reviewers": [other.pk]},
        ),
    ]
    for method, url, data in steps:
        response = getattr(client, method)(url, data, follow=True)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), *shown)
    application.refresh_from_db()
    assert application.status == "in_review"
    assert application.assignments.count() == 2

    award_url = reverse("applications:award", args=[application.pk])
    assert_shown_as_text(client.get(award_url).content.decode(), *shown)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(award_url, award_form("2000"), follow=True)
    application.refresh_from_db()
    assert application.status == "awarded"
    assert_shown_as_text(response.content.decode(), *shown)


def test_the_admin_never_interprets_a_hostile_contact_email(client, manager, scenario):
    as_user(client, manager)

    response = client.get(reverse("applications:inspect", args=[scenario.awarded.pk]))

    assert_shown_as_text(response.content.decode(), HOSTILE_EMAIL)
