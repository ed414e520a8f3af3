"""Admin hooks for data protection (registered by import from fund.wagtail_hooks):
the subject access export and the audit-log actions of the retention rules."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from fund.privacy.admin import views as privacy


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path(
            "grants/subject-access/",
            privacy.SubjectAccessView.as_view(),
            name="fund_subject_access",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_subject_access_menu_item():
    return privacy.AdministratorMenuItem(
        _("Subject access"),
        reverse("fund_subject_access"),
        name="fund-subject-access",
        icon_name="download",
        order=900,
    )


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    for action, label, message in [
        (
            "fund.application.anonymise",
            _("Anonymise application"),
            _("Personal data and documents removed under the retention rules"),
        ),
        (
            "fund.privacy.subject_access.export",
            _("Subject access export"),
            _("Subject access export made"),
        ),
    ]:
        actions.register_action(action, label, message)
