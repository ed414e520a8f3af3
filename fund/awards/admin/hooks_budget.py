"""Admin hooks for the budget panel and the awards report.

Registered by import from fund.wagtail_hooks.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fund.awards.admin.budget import (
    AwardsReportView,
    BudgetPanel,
)
from fund.core.permissions import VIEW_AWARD, VIEW_BUDGET


@hooks.register("register_admin_urls")
def register_budget_urls():
    return [
        path("grants/awards/", AwardsReportView.as_view(), name="fund_awards_report"),
        path(
            "grants/awards/results/",
            AwardsReportView.as_view(results_only=True),
            name="fund_awards_report_results",
        ),
    ]


class AwardsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_AWARD)


@hooks.register("register_reports_menu_item")
def register_awards_report_menu_item():
    return AwardsReportMenuItem(
        _("Awards"),
        reverse("fund_awards_report"),
        name="fund-awards",
        icon_name="table",
        order=110,
    )


@hooks.register("construct_homepage_panels")
def add_budget_panel(request, panels):
    if request.user.has_perm(VIEW_BUDGET):
        panels.append(BudgetPanel())
