"""The applicant's private links open their own application and nothing else."""

import datetime as dt

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fund.applications import access
from fund.applications.services.links import application_links_revoke
from fund.calls.models import CallPage
from tests.security.access.helpers import SECRETS, assert_names_nothing, page_of, snapshot

pytestmark = pytest.mark.django_db


def status_token(app):
    return access.make_token(app, access.STATUS)


def draft_token(app):
    return access.make_token(app, access.DRAFT)


def tampered(token):
    """The same token with one character of its signature changed."""
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


def assert_link_refused(response, *texts):
    assert response.status_code in {404, 410}
    page = page_of(response)
    for text in texts:
        assert text not in page, text


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "path",
    [
        "/apply/view/{pk}/",
        "/apply/view/1/",
        "/apply/view/{key}/",
        "/apply/continue/{pk}/",
        "/apply/continue/{key}/",
        "/apply/view/{tampered_status}/",
        "/apply/view/{draft_token_of_sent}/",
        "/apply/view/{unsigned}/",
        "/apply/continue/{tampered_draft}/",
        "/apply/continue/{status_token_of_draft}/",
        "/apply/continue/{draft_token_of_sent}/",
        "/apply/view/{status_token_of_draft}/",
    ],
)
def test_guessed_and_tampered_private_links_find_nothing(client, world, draft, path, method):
    sent = world["unassigned"]
    url = path.format(
        pk=sent.pk,
        key=sent.access_key.hex,
        tampered_status=tampered(status_token(sent)),
        draft_token_of_sent=draft_token(sent),
        unsigned=signing.dumps(sent.access_key.hex, salt="another purpose"),
        tampered_draft=tampered(draft_token(draft)),
        status_token_of_draft=status_token(draft),
    )
    before = snapshot()

    response = getattr(client, method)(url)

    assert_link_refused(response, *SECRETS["unassigned"], "Half Written Draft Group", "Dee Drafter")
    assert snapshot() == before
    # Nothing was bound to this browser: the status page still needs a link.
    assert client.get("/apply/status/").status_code == 404


def test_a_revoked_status_link_stops_working_everywhere(world, manager):
    sent = world["unassigned"]
    path = reverse("fund_status_open", args=[status_token(sent)])
    browser = Client()
    browser.post(path)
    assert browser.get("/apply/status/").status_code == 200

    application_links_revoke(application=sent, by=manager)
    before = snapshot()

    for method in ("get", "post"):
        assert_link_refused(getattr(Client(), method)(path), *SECRETS["unassigned"])
    refused = browser.get("/apply/status/")
    assert_link_refused(refused, *SECRETS["unassigned"])
    withdrawn = browser.post("/apply/status/withdraw/", {"withdraw-reason": "Changed our minds."})
    assert withdrawn.status_code == 404
    assert snapshot() == before


def test_an_expired_draft_link_names_nothing(client, draft):
    CallPage.objects.filter(pk=draft.page_id).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    path = reverse("fund_draft_open", args=[draft_token(draft)])

    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 410
        assert_link_refused(response, "Half Written Draft Group", "Dee Drafter", "dee@example.net")
    assert client.get(draft.page.url).status_code == 200
    assert "Half Written Draft Group" not in client.get(draft.page.url).content.decode()


def test_one_applicants_link_reaches_only_their_own_application_and_letter(world):
    """The status pages take no ids: a browser bound to one application
    withdraws, accepts and downloads only that one, whatever it posts."""
    mine, theirs = world["unassigned"], world["awarded"]
    browser = Client()
    browser.post(reverse("fund_status_open", args=[status_token(mine)]))
    before = snapshot()

    page = browser.get("/apply/status/", {"pk": theirs.pk, "reference": theirs.reference})
    assert SECRETS["unassigned"][1] in page.content.decode()
    assert_names_nothing(page, "awarded", "accepted", "assigned")
    # Their letter is not mine to download (I have no award).
    assert browser.get("/apply/status/letter/", {"pk": world["letter"].pk}).status_code == 404
    # Accepting or declining an offer that is not mine.
    for url, data in [
        (
            "/apply/status/accept/",
            {"name": "Mallory", "position": "Chair", "condition_1": "on", "pk": theirs.pk},
        ),
        ("/apply/status/decline/", {"decline-reason": "No thanks.", "pk": theirs.pk}),
    ]:
        response = browser.post(url, data)
        assert response.status_code == 404, url
        assert_names_nothing(response, "awarded")
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/apply/status/",
        "/apply/status/letter/",
        "/apply/copy/",
        "/apply/sent/",
        "/apply/check/",
    ],
)
def test_the_applicants_pages_need_a_link(client, world, path):
    response = client.get(path)

    assert response.status_code == 404
    assert_names_nothing(response)


@pytest.mark.parametrize(
    "path", ["/apply/status/withdraw/", "/apply/status/accept/", "/apply/status/decline/"]
)
def test_the_applicants_actions_need_a_link(client, world, path):
    before = snapshot()

    response = client.post(
        path,
        {
            "withdraw-reason": "x",
            "decline-reason": "x",
            "name": "Mallory",
            "position": "Chair",
            "condition_1": "on",
        },
    )

    assert response.status_code == 404
    assert_names_nothing(response)
    assert snapshot() == before
