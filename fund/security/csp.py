"""One Content Security Policy for the public site and a looser one for the
Wagtail admin, which still writes inline scripts (see settings)."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import get_script_prefix, reverse


def is_admin_request(request):
    """Whether the request is for the Wagtail admin, wherever the site is
    mounted. ``path_info`` never carries the script prefix (SCRIPT_NAME, a
    site under a sub-path) while ``reverse()`` does, so the prefix comes off
    the admin's address before they are compared: comparing them as they
    are would miss every admin page whenever there is a prefix."""
    admin = reverse("wagtailadmin_home").removeprefix(get_script_prefix())
    return request.path_info.startswith("/" + admin)


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = settings.FUND_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
