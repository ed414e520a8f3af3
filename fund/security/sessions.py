"""Staff sessions end after a spell without activity (idle time-out) and, at
the latest, some hours after signing in (absolute time-out).

Only the admin is watched: a signed-in member of staff browsing the public
site (perhaps applying as a test, with a draft in the same browser) is left
alone there, and the time-out applies at their next admin page. Requests
the admin makes by itself in the background (the page editor's ping every
few seconds) are checked but are not activity: an editor left open on an
unattended desk still times out.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

from fund.security import is_admin_request

SIGNED_IN_AT = "fund_signed_in_at"
LAST_SEEN_AT = "fund_last_seen_at"
# Writing the session on every request is wasteful; a minute's slack is not.
TOUCH_EVERY_SECONDS = 60
#: URL namespaces of requests the admin's own scripts make, unattended.
BACKGROUND = {"wagtailadmin_editing_sessions"}


@receiver(user_logged_in)
def start_the_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def _expired(session, now):
    """Why the session has ended, in the words shown at sign-in; "" if not."""
    signed_in, last_seen = session[SIGNED_IN_AT], session[LAST_SEEN_AT]
    if now - signed_in > settings.FUND_STAFF_ABSOLUTE_TIMEOUT.total_seconds():
        hours = round(settings.FUND_STAFF_ABSOLUTE_TIMEOUT.total_seconds() / 3600)
        return (
            f"For security you are signed out {hours} hours after signing in. Please sign in again."
        )
    if now - last_seen > settings.FUND_STAFF_IDLE_TIMEOUT.total_seconds():
        minutes = round(settings.FUND_STAFF_IDLE_TIMEOUT.total_seconds() / 60)
        return (
            f"You were signed out because nothing happened for {minutes} minutes. "
            "Please sign in again; anything you had saved is kept."
        )
    return ""


def _in_background(request):
    try:
        return resolve(request.path_info).namespace in BACKGROUND
    except Resolver404:
        return False


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and is_admin_request(request):
            session = request.session
            now = timezone.now().timestamp()
            if SIGNED_IN_AT not in session or LAST_SEEN_AT not in session:
                # A session from before time-outs existed: its clock starts now.
                session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
            elif reason := _expired(session, now):
                return self.sign_out(request, reason)
            elif now - session[LAST_SEEN_AT] >= TOUCH_EVERY_SECONDS and not _in_background(request):
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    def sign_out(self, request, reason):
        logout(request)
        messages.warning(request, reason)
        login_url = reverse("wagtailadmin_login")
        if request.method == "GET":
            login_url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(login_url)
