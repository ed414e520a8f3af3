"""What each role may not see, on every page it may open."""

import pytest
from django.urls import reverse

from tests.security.access.helpers import (
    OTHER_REVIEW_COMMENT,
    SECRETS,
    assert_names_nothing,
    assert_refused,
    login,
    page_of,
    snapshot,
)

pytestmark = pytest.mark.django_db


#: name -> URL of a page or download.
PAGES = {
    "applications listing": lambda w: reverse("applications:index"),
    "applications export": lambda w: reverse("applications:index") + "?export=csv",
    "application": lambda w: reverse("applications:inspect", args=[w["unassigned"].pk]),
    "application history": lambda w: reverse("applications:history", args=[w["unassigned"].pk]),
    "ranking": lambda w: reverse("fund_ranking") + f"?call={w['call'].pk}",
    "ranking export": lambda w: reverse("fund_ranking") + f"?call={w['call'].pk}&export=xlsx",
    "awards listing": lambda w: reverse("awards:index"),
    "award": lambda w: reverse("awards:inspect", args=[w["award"].pk]),
    "awards report": lambda w: reverse("awards:index"),
    "awards report export": lambda w: reverse("awards:index") + "?export=csv",
    "call statistics": lambda w: reverse("fund_call_statistics"),
    "screening form": lambda w: reverse("applications:screen", args=[w["unassigned"].pk]),
    "award form": lambda w: reverse("applications:award", args=[w["assigned"].pk]),
    "payment form": lambda w: reverse("awards:payment", args=[w["accepted_award"].pk]),
    "subject access": lambda w: reverse("fund_subject_access"),
    "site history": lambda w: "/admin/reports/site-history/",
    "form submissions": lambda w: f"/admin/forms/submissions/{w['call'].pk}/",
    "form submissions export": lambda w: f"/admin/forms/submissions/{w['call'].pk}/?export=csv",
}


HIDDEN = {
    "panel member": [
        "applications listing",
        "applications export",
        "application",
        "application history",
        "ranking",
        "ranking export",
        "awards listing",
        "award",
        "awards report",
        "awards report export",
        "call statistics",
        "screening form",
        "award form",
        "payment form",
        "subject access",
        "form submissions",
        "form submissions export",
    ],
    "finance": [
        "ranking",
        "ranking export",
        "call statistics",
        "screening form",
        "award form",
        "subject access",
        "form submissions",
        "form submissions export",
    ],
    "manager": ["payment form", "subject access", "form submissions", "form submissions export"],
    "no role": list(PAGES),
    "anonymous": list(PAGES),
}


@pytest.mark.parametrize(
    ("who", "page"),
    [(who, page) for who, pages in HIDDEN.items() for page in pages],
)
def test_a_role_cannot_open_what_it_may_not_see(client, world, people, who, page):
    login(client, people[who])
    before = snapshot()

    response = client.get(PAGES[page](world))

    assert_refused(response, anonymous=who == "anonymous")
    assert_names_nothing(response)
    assert OTHER_REVIEW_COMMENT not in page_of(response)
    assert snapshot() == before


def test_the_site_history_shows_a_panel_member_nothing_of_the_applications(
    client, world, panel_member
):
    login(client, panel_member)

    response = client.get("/admin/reports/site-history/")

    assert response.status_code in {200, 302, 403}
    assert_names_nothing(response)
    assert OTHER_REVIEW_COMMENT not in page_of(response)


def test_a_panel_members_lists_name_only_what_they_may_see(client, world, panel_member):
    """Their reviews listing and dashboard: no conflicted or unassigned bid,
    no award, no budget."""
    login(client, panel_member)

    for url in [reverse("fund_reviews:index"), reverse("wagtailadmin_home")]:
        response = client.get(url)
        assert response.status_code == 200
        page = page_of(response)
        assert SECRETS["assigned"][1] in page
        assert SECRETS["conflicted"][0] in page  # the reference of what they declared
        assert_names_nothing(response, "unassigned", "awarded", "accepted")
        assert SECRETS["conflicted"][1] not in page
        assert "Budget at a glance" not in page
        assert "£2,000.00" not in page and "£2,400.00" not in page
