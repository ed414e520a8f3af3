"""Two-factor authentication in the admin: its URLs, the Account menu entry
and its audit-log actions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from fund.security import two_factor_views as views


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", views.settings_page, name="fund_two_factor_settings"),
        path("two-factor/code/", views.verify, name="fund_two_factor_verify"),
        path("two-factor/set-up/", views.setup, name="fund_two_factor_setup"),
        path("two-factor/backup-codes/", views.backup_codes, name="fund_two_factor_backup_codes"),
        path(
            "two-factor/backup-codes/new/",
            views.make_backup_codes,
            name="fund_two_factor_make_backup_codes",
        ),
        path("two-factor/turn-off/", views.turn_off, name="fund_two_factor_turn_off"),
        path(
            "two-factor/reset/<int:user_id>/",
            views.reset_for_user,
            name="fund_two_factor_reset",
        ),
    ]


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield Button(
            _("Reset two-factor authentication"),
            reverse("fund_two_factor_reset", args=[user.pk]),
            icon_name="key",
            priority=50,
        )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("fund_two_factor_settings"),
        "label": _("Two-factor authentication"),
        "help_text": _("Your authenticator app and backup codes."),
    }


@hooks.register("register_log_actions")
def register_two_factor_log_actions(actions):
    actions.register_action(
        "fund.two_factor.set_up",
        _("Set up two-factor authentication"),
        _("Two-factor authentication set up"),
    )
    actions.register_action(
        "fund.two_factor.reset",
        _("Reset two-factor authentication"),
        _("Two-factor authentication removed"),
    )
