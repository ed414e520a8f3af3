"""One Content Security Policy for the public site and a looser one for the
Wagtail admin, which still writes inline scripts (see settings)."""

from csp.middleware import CSPMiddleware
from django.conf import settings

from fund.security import is_admin_request


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = settings.FUND_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
