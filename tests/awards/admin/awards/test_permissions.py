"""Who may open and change the awards views in the Wagtail admin, by role."""

import pytest
from django.urls import NoReverseMatch, reverse
from wagtail.models import ModelLogEntry

from fund.awards.models.awards import AwardLetter, BudgetEntry
from tests.awards.admin.awards.helpers import (
    CONDITIONS,
    TODAY,
    action_url,
    application_url,
    inspect_url,
    make_letter,
)
from tests.factories import UserFactory
from tests.support.editing import editor_value
from tests.support.pages import (
    assert_login_asked,
    assert_refused,
    close_response,
    page_text,
    sidebar_urls,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


OK, REFUSED = 200, "refused"


#: Allowed, but not for this (offered) award now: back to its page, saying why.
NOT_NOW = "not now"


ROLES = ["manager", "finance", "panel_member", "superuser"]


#: name -> (how to build the URL from the world, what each role gets)
MATRIX = {
    "awards:index": (lambda w: reverse("awards:index"), [OK, OK, REFUSED, OK]),
    "awards:inspect": (lambda w: inspect_url(w["award"]), [OK, OK, REFUSED, OK]),
    "applications:award": (
        lambda w: reverse("applications:award", args=[w["application"].pk]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "applications:decline": (
        lambda w: reverse("applications:decline", args=[w["application"].pk]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "awards:instalment": (
        lambda w: action_url("awards:instalment", w["award"]),
        [OK, OK, REFUSED, OK],
    ),
    "awards:accept": (
        lambda w: action_url("awards:accept", w["award"]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "awards:payment": (
        lambda w: action_url("awards:payment", w["award"]),
        [REFUSED, NOT_NOW, REFUSED, NOT_NOW],
    ),
    "awards:return": (
        lambda w: action_url("awards:return", w["award"]),
        [REFUSED, NOT_NOW, REFUSED, NOT_NOW],
    ),
    "awards:withdraw": (
        lambda w: action_url("awards:withdraw", w["award"]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "awards:complete": (
        lambda w: action_url("awards:complete", w["award"]),
        [NOT_NOW, REFUSED, REFUSED, NOT_NOW],
    ),
    "awards:plan": (
        lambda w: action_url("awards:plan", w["award"]),
        [OK, REFUSED, REFUSED, OK],
    ),
    "awards:reissue_letter": (
        lambda w: action_url("awards:reissue_letter", w["award"]),
        [OK, OK, REFUSED, OK],
    ),
    "awards:letter_retry": (
        lambda w: reverse("awards:letter_retry", args=[w["failed"].pk]),
        [OK, OK, REFUSED, OK],
    ),
    "awards:letter_download": (
        lambda w: reverse("awards:letter_download", args=[w["letter"].pk]),
        [OK, OK, REFUSED, OK],
    ),
    "awards:call_letters": (
        lambda w: reverse("awards:call_letters", args=[w["award"].application.page_id]),
        [OK, OK, REFUSED, OK],
    ),
}


@pytest.fixture
def world(reviewed, award):
    return {
        "application": reviewed,
        "award": award,
        "letter": make_letter(award, status="current"),
        "failed": make_letter(award, status="failed"),
    }


@pytest.mark.parametrize("name", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_each_view(request, client, world, name, role):
    build_url, outcomes = MATRIX[name]
    expected = outcomes[ROLES.index(role)]
    client.force_login(request.getfixturevalue(role))

    response = client.get(build_url(world))
    close_response(response)  # a download's file

    if expected == REFUSED:
        assert_refused(response)
    elif expected == NOT_NOW:
        assert response.status_code == 302
        assert response["Location"] == reverse("awards:inspect", args=[world["award"].pk])
    else:
        assert response.status_code == expected, response.get("Location")


@pytest.mark.parametrize("name", MATRIX)
def test_anonymous_users_are_sent_to_log_in(client, world, name):
    build_url, _outcomes = MATRIX[name]

    assert_login_asked(client.get(build_url(world)))


@pytest.mark.parametrize("role", ["panel_member", None])
def test_panel_members_and_anonymous_users_change_nothing_by_posting(request, client, world, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    data = {
        "amount": "100",
        "conditions": editor_value(CONDITIONS),
        "reason": "score",
        "feedback": "No.",
        "name": "A",
        "position": "B",
        "paid_on": TODAY().strftime("%d/%m/%Y"),
        "received_on": TODAY().strftime("%d/%m/%Y"),
        "due_on": TODAY().strftime("%d/%m/%Y"),
        "bacs_reference": "X1",
    }
    before = (
        BudgetEntry.objects.count(),
        AwardLetter.objects.count(),
        ModelLogEntry.objects.count(),
    )

    for name, (build_url, _outcomes) in MATRIX.items():
        response = client.post(build_url(world), data)
        close_response(response)
        assert response.status_code == 302, name
        if role:
            assert_refused(response)
        else:
            assert_login_asked(response)

    world["application"].refresh_from_db()
    world["award"].refresh_from_db()
    assert world["application"].status == "reviewed"
    assert world["award"].status == "offered"
    assert not world["award"].instalments.exists()
    after = (
        BudgetEntry.objects.count(),
        AwardLetter.objects.count(),
        ModelLogEntry.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize("name", ["add", "edit", "delete", "copy", "history", "usage"])
def test_awards_cannot_be_added_edited_or_deleted_in_the_admin(name):
    with pytest.raises(NoReverseMatch):
        reverse(f"awards:{name}", args=[1] if name != "add" else [])


@pytest.mark.parametrize(("role", "shown"), [("manager", True), ("finance", True)])
def test_the_awards_menu_item_is_shown_to_staff_who_may_see_awards(request, client, role, shown):
    client.force_login(request.getfixturevalue(role))

    assert (reverse("awards:index") in sidebar_urls(client.get("/admin/"))) is shown


def test_panel_members_have_no_awards_menu_and_see_no_amount(client, panel_member, world):
    client.force_login(panel_member)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert reverse("awards:index") not in sidebar_urls(response)
    assert "4,000.00" not in page_text(response)
    assert_refused(client.get(application_url(world["application"])))
