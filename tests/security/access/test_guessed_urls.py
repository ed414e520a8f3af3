"""Guessed admin URLs for documents, letters and applications show nothing to
those who may not see them."""

import pytest
from django.urls import reverse

from fund.applications.models import Application, ApplicationDocument
from fund.awards.models.awards import Award, AwardLetter
from tests.factories import make_document
from tests.security.access.helpers import (
    OTHER_REVIEW_COMMENT,
    SECRETS,
    assert_names_nothing,
    assert_refused,
    login,
    page_of,
)
from tests.support.applying import PDF_BYTES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["panel member", "no role", "anonymous"])
@pytest.mark.parametrize(
    ("what", "key"),
    [
        ("document", "unassigned"),
        ("conflicted_document", "conflicted"),
    ],
)
def test_a_document_of_an_application_not_assigned_to_you_cannot_be_downloaded(
    client, world, people, who, what, key
):
    login(client, people[who])

    response = client.get(reverse("applications:document", args=[world[what].pk]))

    assert_refused(response, anonymous=who == "anonymous")
    assert_names_nothing(response)


def test_a_panel_member_downloads_the_documents_of_their_own_assignment(
    client, world, panel_member
):
    """The positive control for the test above."""
    login(client, panel_member)

    response = client.get(reverse("applications:document", args=[world["assigned_document"].pk]))

    assert response.status_code == 200
    assert page_of(response) == PDF_BYTES.decode()


@pytest.mark.parametrize("who", ["manager", "finance"])
def test_guessed_document_letter_and_application_numbers_find_nothing(client, world, people, who):
    login(client, people[who])
    highest = {
        "document": ApplicationDocument.objects.order_by("-pk").first().pk,
        "letter": AwardLetter.objects.order_by("-pk").first().pk,
        "application": Application.objects.order_by("-pk").first().pk,
        "award": Award.objects.order_by("-pk").first().pk,
    }

    for url in [
        reverse("applications:document", args=[highest["document"] + 1]),
        reverse("awards:letter_download", args=[highest["letter"] + 1]),
        reverse("applications:inspect", args=[highest["application"] + 1]),
        reverse("applications:history", args=[highest["application"] + 1]),
        reverse("awards:inspect", args=[highest["award"] + 1]),
        reverse("applications:screen", args=[highest["application"] + 1]),
    ]:
        response = client.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert response.status_code != 200
        assert_names_nothing(response)


def test_a_drafts_documents_and_pages_are_not_found_by_staff(client, manager, draft):
    doc = make_document(draft, "draft-plan.pdf")
    login(client, manager)

    for url in [
        reverse("applications:document", args=[doc.pk]),
        reverse("applications:inspect", args=[draft.pk]),
        reverse("applications:screen", args=[draft.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Half Written Draft Group" not in page_of(response)
        assert PDF_BYTES.decode() not in page_of(response)


@pytest.mark.parametrize("who", ["panel member", "no role", "anonymous"])
def test_letters_cannot_be_downloaded_without_the_letters_permission(client, world, people, who):
    login(client, people[who])

    for url in [
        reverse("awards:letter_download", args=[world["letter"].pk]),
        reverse("awards:call_letters", args=[world["call"].pk]),
    ]:
        response = client.get(url)
        assert_refused(response, anonymous=who == "anonymous")
        assert_names_nothing(response)


@pytest.mark.parametrize("key", ["assigned", "conflicted", "unassigned"])
@pytest.mark.parametrize("view", ["applications:inspect", "applications:history"])
def test_a_panel_member_cannot_inspect_an_application_in_the_admin(
    client, world, panel_member, key, view
):
    login(client, panel_member)

    response = client.get(reverse(view, args=[world[key].pk]))

    assert_refused(response)
    assert_names_nothing(response)


def test_a_conflicted_panel_member_sees_only_the_reference_and_their_declaration(
    client, world, panel_member
):
    login(client, panel_member)

    response = client.get(reverse("fund_reviews:review", args=[world["mine_conflicted"].pk]))

    assert response.status_code == 200
    page = page_of(response)
    reference, organisation, contact = SECRETS["conflicted"]
    assert reference in page
    assert organisation not in page and contact not in page
    assert "conflicted-budget.pdf" not in page


def test_a_panel_member_cannot_open_another_reviewers_assignment(client, world, panel_member):
    login(client, panel_member)

    response = client.get(reverse("fund_reviews:review", args=[world["theirs"].pk]))

    assert response.status_code == 403
    assert_names_nothing(response)
    assert OTHER_REVIEW_COMMENT not in page_of(response)


def test_other_reviewers_scores_stay_hidden_until_you_submit_your_own(client, world, panel_member):
    login(client, panel_member)

    response = client.get(reverse("fund_reviews:review", args=[world["mine"].pk]))

    assert response.status_code == 200
    page = page_of(response)
    assert SECRETS["assigned"][1] in page  # they may see the application itself
    assert OTHER_REVIEW_COMMENT not in page
    assert "Second Reviewer" not in page
