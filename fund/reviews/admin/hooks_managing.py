"""Admin hooks for the fund manager's side (registered by import from
fund.wagtail_hooks): the ranking report and the bulk assignment of the
grant panel. The actions on one application are the Applications
viewset's (fund/grants/applications.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from fund.core.permissions import VIEW_ALL_REVIEWS
from fund.reviews.admin import managing, ranking


@hooks.register("register_admin_urls")
def register_managing_urls():
    return [
        path("grants/ranking/", ranking.RankingReportView.as_view(), name="fund_ranking"),
        path(
            "grants/ranking/results/",
            ranking.RankingReportView.as_view(results_only=True),
            name="fund_ranking_results",
        ),
    ]


hooks.register("register_bulk_action", managing.AssignReviewersBulkAction)


class RankingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_ALL_REVIEWS)


@hooks.register("register_reports_menu_item")
def register_ranking_menu_item():
    return RankingMenuItem(
        _("Ranking"),
        reverse("fund_ranking"),
        name="fund-ranking",
        icon_name="list-ol",
        order=100,
    )
