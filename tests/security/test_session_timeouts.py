"""Staff sessions end after a spell without activity and, at the latest,
some hours after signing in."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from fund.applications import access
from fund.security.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("wagtailadmin_home")


def age_session(client, **seconds_ago):
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_a_quiet_session_ends_and_says_why(client, manager):
    client.force_login(manager)
    idle = settings.FUND_STAFF_IDLE_TIMEOUT.total_seconds()
    age_session(client, **{LAST_SEEN_AT: idle + 5, SIGNED_IN_AT: idle + 5})

    response = client.get(PAGE)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_login") + "?next=%2Fadmin%2F"
    login_page = client.get(response.url).content.decode()
    assert "nothing happened for 30 minutes" in login_page
    assert client.get(PAGE).status_code == 302  # still signed out


def test_activity_keeps_a_session_alive(client, manager):
    client.force_login(manager)
    idle = settings.FUND_STAFF_IDLE_TIMEOUT.total_seconds()
    age_session(client, **{LAST_SEEN_AT: idle - 60, SIGNED_IN_AT: idle - 60})

    assert client.get(PAGE).status_code == 200
    assert timezone.now().timestamp() - client.session[LAST_SEEN_AT] < 5


def test_every_session_ends_some_hours_after_signing_in(client, manager):
    client.force_login(manager)
    absolute = settings.FUND_STAFF_ABSOLUTE_TIMEOUT.total_seconds()
    age_session(client, **{LAST_SEEN_AT: 10, SIGNED_IN_AT: absolute + 5})

    response = client.get(PAGE)

    assert response.status_code == 302
    assert "10 hours after signing in" in client.get(response.url).content.decode()


def test_a_post_after_the_time_out_changes_nothing(client, manager, open_call):

    screen = "applications:screen"
    late, on_time = ApplicationFactory(page=open_call), ApplicationFactory(page=open_call)
    client.force_login(manager)
    # The same post in a live session screens the application...
    client.post(reverse(screen, args=[on_time.pk]), {"decision": "eligible"})
    on_time.refresh_from_db()
    assert on_time.status == "eligible"
    age_session(client, **{LAST_SEEN_AT: 24 * 3600, SIGNED_IN_AT: 24 * 3600})

    # ...and after the time-out it changes nothing.
    response = client.post(reverse(screen, args=[late.pk]), {"decision": "eligible"})

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_login")
    late.refresh_from_db()
    assert late.status == "submitted"


def test_applicants_sessions_have_no_staff_clock(client, open_call):
    client.get(open_call.url)

    assert SIGNED_IN_AT not in client.session
    assert LAST_SEEN_AT not in client.session


def test_the_page_editors_background_ping_is_not_activity(client, manager, open_call):
    client.force_login(manager)
    idle = settings.FUND_STAFF_IDLE_TIMEOUT.total_seconds()
    age_session(client, **{LAST_SEEN_AT: idle - 5, SIGNED_IN_AT: idle - 5})
    ping = reverse(
        "wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", open_call.pk, 0]
    )

    assert client.post(ping).status_code == 200
    assert timezone.now().timestamp() - client.session[LAST_SEEN_AT] > idle - 10
    age_session(client, **{LAST_SEEN_AT: idle + 5})
    assert client.post(ping).status_code == 302  # and once idle, it is signed out too


def test_the_public_site_is_left_alone_with_an_applicants_draft(client, manager, open_call):

    draft = ApplicationFactory(page=open_call, status="draft", reference=None, submitted_at=None)
    client.force_login(manager)
    session = client.session
    session[access.SESSION_DRAFT] = {"pk": draft.pk, "key": draft.access_key.hex}
    session.save()
    age_session(client, **{LAST_SEEN_AT: 24 * 3600, SIGNED_IN_AT: 24 * 3600})

    response = client.get(open_call.url)

    assert response.status_code == 200
    assert access.SESSION_DRAFT in client.session
    assert client.get(PAGE).status_code == 302  # the admin still times out


def test_a_session_from_before_time_outs_starts_its_clock(client, manager):
    client.force_login(manager)
    session = client.session
    del session[SIGNED_IN_AT], session[LAST_SEEN_AT]
    session.save()

    assert client.get(PAGE).status_code == 200
    assert timezone.now().timestamp() - client.session[SIGNED_IN_AT] < 5
