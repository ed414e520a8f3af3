"""What the tests of tests/security/property_forms share.

No 500 anywhere, nothing half-saved (issue 11).
"""

from django.urls import reverse

CONDITIONS = "<p>Report within a year.</p>"


ROLES = ["manager", "finance", "panel member", "administrator", "no role", "anonymous"]


def login_as(user):
    def login(client):
        if user is not None:
            client.force_login(user)

    return login


def redirected_away(response):
    """A success: a redirect to the record. Wagtail answers a refused
    admin request with a redirect to the dashboard or the log-in."""
    if response.status_code != 302:
        return False
    location = response["Location"]
    return location != reverse("wagtailadmin_home") and not location.startswith("/admin/login/")


def changed(*keys, by=None):
    """An accepted post wrote its audit entry and changed ``keys``."""

    def check(before, after, response):
        assert after["audit entries"] > before["audit entries"], "no audit entry"
        for key in keys:
            assert after[key] != before[key], f"{key} unchanged"
        if by:
            by(before, after)

    return check
