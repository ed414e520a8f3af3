"""Guessing passwords on the admin sign-in page is paused after a few wrong
attempts, and nothing tells an attacker which user names exist."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.security.signing_in import sign_in_with_password

pytestmark = [pytest.mark.django_db, pytest.mark.real_second_factor]

HOME = reverse("wagtailadmin_home")


class Nobody:
    username = "no-such-user"


def without_tokens(response):
    # The CSRF token differs between responses; nothing else may.
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


def guess(client, user, times, **extra):
    return [sign_in_with_password(client, user, "wrong password", **extra) for _ in range(times)]


def test_a_wrong_password_says_the_same_for_real_and_unknown_user_names(client, panel_member):
    real = sign_in_with_password(client, panel_member, "wrong password")
    unknown = sign_in_with_password(client, Nobody, "wrong password")

    assert real.status_code == unknown.status_code == 200
    assert without_tokens(real).replace(panel_member.username, "X") == without_tokens(
        unknown
    ).replace(Nobody.username, "X")
    assert "and password didn&#x27;t match" in without_tokens(real)


def test_after_the_limit_even_the_right_password_is_refused_for_a_while(client, panel_member):
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT)

    response = sign_in_with_password(client, panel_member)

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert client.get(HOME).status_code == 302  # not signed in


def test_the_pause_looks_the_same_for_unknown_user_names(client, panel_member):
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT)
    real = sign_in_with_password(client, panel_member, "wrong password")
    guess(client, Nobody, settings.AXES_FAILURE_LIMIT)
    unknown = sign_in_with_password(client, Nobody, "wrong password")

    assert real.status_code == unknown.status_code == 429
    assert without_tokens(real) == without_tokens(unknown)
    assert panel_member.username not in without_tokens(real)


def test_nobody_elsewhere_can_lock_a_colleague_out(client, panel_member):
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.9")

    response = sign_in_with_password(client, panel_member, REMOTE_ADDR="198.51.100.7")

    assert response.status_code == 302
    assert client.get(HOME).status_code == 200


def test_the_pause_ends(client, panel_member):
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert sign_in_with_password(client, panel_member).status_code == 302


def test_signing_in_clears_earlier_wrong_attempts(client, panel_member):
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT - 1)
    sign_in_with_password(client, panel_member)
    client.logout()
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT - 1)

    assert sign_in_with_password(client, panel_member).status_code == 302


@pytest.fixture
def behind_one_proxy(settings):
    settings.FUND_PROXY_COUNT = 1


def forwarded_for(chain):
    """As our proxy passes it on: whatever the client sent, then the
    address the proxy saw (REMOTE_ADDR is the proxy itself)."""
    return {"HTTP_X_FORWARDED_FOR": chain, "REMOTE_ADDR": "10.0.0.2"}


def test_behind_a_proxy_a_colleague_elsewhere_can_still_sign_in(
    client, panel_member, behind_one_proxy
):
    guess(client, panel_member, settings.AXES_FAILURE_LIMIT, **forwarded_for("203.0.113.9"))

    response = sign_in_with_password(client, panel_member, **forwarded_for("198.51.100.7"))

    assert response.status_code == 302


def test_behind_a_proxy_a_made_up_forwarded_address_does_not_escape_the_pause(
    client, panel_member, behind_one_proxy
):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(
            client, panel_member, "wrong", **forwarded_for(f"192.0.2.{number}, 203.0.113.9")
        )

    response = sign_in_with_password(
        client, panel_member, **forwarded_for("192.0.2.200, 203.0.113.9")
    )

    assert response.status_code == 429
