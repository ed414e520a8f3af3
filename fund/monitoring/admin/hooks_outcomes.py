"""Admin hooks for Reports > Outcomes (registered by import from fund.wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fund.core.permissions import VIEW_REPORT
from fund.monitoring.admin.dashboard import ImpactReportView, OutcomesDashboardView


@hooks.register("register_admin_urls")
def register_outcomes_urls():
    return [
        path("grants/outcomes/", OutcomesDashboardView.as_view(), name="fund_outcomes"),
        path(
            "grants/outcomes/<int:fund_id>/impact-report.pdf",
            ImpactReportView.as_view(),
            name="fund_outcomes_impact",
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
