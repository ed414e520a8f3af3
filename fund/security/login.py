"""Signing in: whose address a failed attempt counts against, what a
person sees when django-axes pauses sign-ins (see settings), and the
sign-in page itself."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from wagtail.admin.views.account import LoginView as WagtailLoginView


def locked_out(request, credentials, *args, **kwargs):
    """The same page whether or not the user name exists: it names neither
    the user nor the address, only how long to wait."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "security/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def client_address(request):
    """The address of whoever is signing in.

    Behind ``FUND_PROXY_COUNT`` proxies of ours, each appends the address it
    saw to X-Forwarded-For, so the outermost proxy's entry (that many from
    the right) is the client's. Entries to the left of it came from the
    client and prove nothing: trusting them would let anyone pose as any
    address, and lock a colleague out by user name from anywhere.
    """
    proxies = settings.FUND_PROXY_COUNT
    if proxies:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class AdminLoginView(WagtailLoginView):
    """Wagtail's sign-in page, which sends someone already signed in on to
    ``next`` with redirect(): that takes a relative address such as
    "listing" for the name of a URL and fails with a server error. Here the
    address (already checked to be our own) is followed as an address."""

    def get(self, *args, **kwargs):
        user = self.request.user
        if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
            return HttpResponseRedirect(self.get_success_url())
        return super().get(*args, **kwargs)
