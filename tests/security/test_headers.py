"""Security headers on every kind of response, and the two Content Security
Policies (the browser tests fail on anything either policy blocks)."""

import importlib
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EVERYWHERE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def responses(client, open_call, manager):
    anonymous = {
        "home page": client.get("/"),
        "call page": client.get(open_call.url),
        "not found": client.get("/no-such-page/"),
        "open data": client.get("/open-data/360giving.json"),
        "admin sign-in": client.get(reverse("wagtailadmin_login")),
    }
    client.force_login(manager)
    signed_in = {
        "admin home": client.get(reverse("wagtailadmin_home")),
        "admin listing": client.get("/admin/grants/applications/"),
    }
    return anonymous | signed_in


def test_every_response_carries_the_security_headers(responses):
    for name, response in responses.items():
        for header, value in EVERYWHERE.items():
            assert response.get(header) == value, f"{header} on the {name}"
        assert "camera=()" in response["Permissions-Policy"], name
        assert "geolocation=()" in response["Permissions-Policy"], name
        assert "Content-Security-Policy" in response, name


def test_the_public_site_allows_no_inline_script_or_style(responses):
    for name in ("home page", "call page", "not found"):
        csp = policy(responses[name])
        assert csp["script-src"] == ["'self'"], name
        assert csp["style-src"] == ["'self'"], name
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'self'"]


def test_the_public_pages_have_nothing_inline_the_policy_would_block(responses):
    for name in ("home page", "call page", "not found"):
        html = responses[name].content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html), name
        assert " style=" not in html, name
        assert not re.search(r"\son[a-z]+=", html), name
        assert "<style" not in html, name


def test_the_admin_policy_allows_wagtails_inline_scripts_and_nothing_from_elsewhere(responses):
    for name in ("admin sign-in", "admin home", "admin listing"):
        csp = policy(responses[name])
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], name
        assert csp["default-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert all(not source.startswith("http") for values in csp.values() for source in values)


def test_production_sends_hsts_and_secure_cookies(monkeypatch):
    """(CI's smoke test also runs ``check --deploy`` on these settings.)"""

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("BANK_DETAILS_KEY", "y" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", "grants.example.org")
    production = importlib.import_module("config.settings.production")

    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
