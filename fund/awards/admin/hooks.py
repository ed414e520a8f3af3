"""Admin hooks for awards, payments and the budget (registered by import
from fund.wagtail_hooks). The awards' URLs are their viewset's
(fund.awards.admin.viewsets); here are only the menu entries that lead to
them and the dashboard's "Budget at a glance"."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from fund.awards.admin.budget import BudgetPanel
from fund.awards.models.awards import Award
from fund.core.permissions import PAY, VIEW_AWARD, VIEW_BUDGET, award_permission_policy

# Before the viewset registers, so it finds this policy rather than making
# Wagtail's default one (which would offer add, edit and delete).
register_permission_policy(Award, award_permission_policy)


class PermissionMenuItem(MenuItem):
    """A menu entry shown only to holders of ``permission``."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_to_pay_menu_item():
    return PermissionMenuItem(
        _("To pay"),
        reverse("awards:to_pay"),
        name="fund-to-pay",
        icon_name="decimal",
        order=140,
        permission=PAY,
    )


@hooks.register("register_reports_menu_item")
def register_awards_report_menu_item():
    # The Grants > Awards listing, with its totals and downloads.
    return PermissionMenuItem(
        _("Awards"),
        reverse("awards:index"),
        name="fund-awards",
        icon_name="table",
        order=110,
        permission=VIEW_AWARD,
    )


@hooks.register("construct_homepage_panels")
def add_budget_panel(request, panels):
    if request.user.has_perm(VIEW_BUDGET):
        panels.append(BudgetPanel())
