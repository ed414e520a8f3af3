"""Admin hooks for Reports > Call statistics (registered by import from fund.wagtail_hooks)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fund.core.permissions import VIEW_ALL_REVIEWS
from fund.reports.admin.charts import CallStatisticsView


@hooks.register("register_admin_urls")
def register_chart_urls():
    return [
        path("grants/statistics/", CallStatisticsView.as_view(), name="fund_call_statistics"),
    ]


@hooks.register("register_icons")
def register_chart_icon(icons):
    return [*icons, "fund/admin/charts/icons/fund-chart.svg"]


class CallStatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_ALL_REVIEWS)


@hooks.register("register_reports_menu_item")
def register_call_statistics_menu_item():
    return CallStatisticsMenuItem(
        _("Call statistics"),
        reverse("fund_call_statistics"),
        name="fund-call-statistics",
        icon_name="fund-chart",
        order=105,  # after the ranking, before the awards
    )
