"""Admin hooks for Reports > Outcomes and its impact reports (registered by
import from fund.wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fund.core.permissions import VIEW_REPORT
from fund.monitoring.admin.dashboard import OutcomesDashboardView
from fund.monitoring.admin.impact_reports import (
    ImpactReportDownloadView,
    ImpactReportRequestView,
    ImpactReportRetryView,
    ImpactReportView,
)


@hooks.register("register_admin_urls")
def register_outcomes_urls():
    return [
        path("grants/outcomes/", OutcomesDashboardView.as_view(), name="fund_outcomes"),
        path(
            "grants/outcomes/<int:fund_id>/impact-report.pdf",
            ImpactReportView.as_view(),
            name="fund_outcomes_impact",
        ),
        path(
            "grants/outcomes/<int:fund_id>/impact-reports/",
            ImpactReportRequestView.as_view(),
            name="fund_outcomes_impact_request",
        ),
        path(
            "grants/outcomes/impact-reports/<int:pk>/retry/",
            ImpactReportRetryView.as_view(),
            name="fund_outcomes_impact_retry",
        ),
        path(
            "grants/outcomes/impact-reports/<int:pk>/download/",
            ImpactReportDownloadView.as_view(),
            name="fund_outcomes_impact_download",
        ),
    ]


class OutcomesMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_REPORT)


@hooks.register("register_reports_menu_item")
def register_outcomes_menu_item():
    return OutcomesMenuItem(
        _("Outcomes"),
        reverse("fund_outcomes"),
        name="fund-outcomes",
        icon_name="fund-chart",
        order=120,  # after the call statistics and the awards report
    )


@hooks.register("register_log_actions")
def register_impact_report_log_actions(actions):
    for action, label, message in [
        ("fund.impact.request", _("Ask for impact report"), _("Impact report asked for")),
        ("fund.impact.retry", _("Retry impact report"), _("Impact report being made again")),
        ("fund.impact.make", _("Make impact report"), _("Impact report made")),
        (
            "fund.impact.tampered",
            _("Refuse impact report"),
            _("Impact report refused: file altered"),
        ),
    ]:
        actions.register_action(action, label, message)
