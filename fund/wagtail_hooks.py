"""Registration only: the Grants menu, the admin stylesheet and audit-log actions."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSetGroup

# Each domain's admin registers its own hooks when imported.
from fund.applications import call_form  # noqa: F401
from fund.applications.admin import hooks_documents  # noqa: F401
from fund.awards.admin import hooks as awards_hooks  # noqa: F401
from fund.awards.admin.viewsets import AwardViewSet
from fund.calls.admin import hooks as calls_hooks  # noqa: F401
from fund.calls.models import CallPage
from fund.grants.applications import ApplicationViewSet
from fund.monitoring.admin import hooks as monitoring_hooks  # noqa: F401
from fund.monitoring.admin import hooks_outcomes  # noqa: F401
from fund.monitoring.admin.viewsets import GrantReportViewSet
from fund.monitoring.services.reminders import REMINDER_SENT, ReminderSentFormatter
from fund.privacy.admin import hooks as privacy_hooks  # noqa: F401
from fund.reports.admin import hooks as reports_hooks  # noqa: F401
from fund.reports.admin import hooks_todo  # noqa: F401
from fund.reviews.admin import hooks as reviews_hooks  # noqa: F401
from fund.reviews.admin import hooks_managing  # noqa: F401
from fund.security.admin import hooks as security_hooks  # noqa: F401
from fund.security.admin import hooks_users  # noqa: F401


class GrantsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Grants")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (ApplicationViewSet, AwardViewSet, GrantReportViewSet)


@hooks.register("register_admin_viewset")
def register_grants():
    return GrantsViewSetGroup()


@hooks.register("insert_global_admin_css")
def admin_stylesheet():
    """The project's admin stylesheet: every rule of the admin pages we add."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_log_actions")
def register_fund_log_actions(actions):
    for action, label, message in [
        ("fund.application.submit", _("Submit application"), _("Application submitted")),
        ("fund.application.screen", _("Screen application"), _("Eligibility decided")),
        ("fund.review.assign", _("Assign reviewer"), _("Panel member assigned")),
        ("fund.review.conflict", _("Declare conflict"), _("Conflict of interest declaration")),
        ("fund.review.submit", _("Submit review"), _("Review submitted")),
        ("fund.review.reopen", _("Reopen review"), _("Review reopened")),
        ("fund.award.make", _("Award grant"), _("Grant awarded")),
        ("fund.application.decline", _("Decline application"), _("Application declined")),
        ("fund.award.accept", _("Accept offer"), _("Offer accepted")),
        ("fund.award.decline", _("Decline offer"), _("Offer declined by the applicant")),
        ("fund.award.withdraw", _("Withdraw award"), _("Award withdrawn")),
        ("fund.award.complete", _("Complete award"), _("Award completed")),
        ("fund.award.plan", _("Agree targets and budget"), _("Targets and budget changed")),
        ("fund.report.submit", _("Send report"), _("Grant report sent by the grantee")),
        ("fund.award.schedule", _("Schedule payment"), _("Instalment added to the schedule")),
        ("fund.payment.record", _("Record payment"), _("Payment recorded")),
        ("fund.bank.change", _("Give bank details"), _("Bank details given, waiting for checks")),
        (
            "fund.bank.confirm",
            _("Confirm bank details"),
            _("Bank details confirmed by the contact"),
        ),
        ("fund.bank.approve", _("Approve bank details"), _("Bank details approved by finance")),
        ("fund.bank.current", _("Use bank details"), _("New bank details now used for payments")),
        ("fund.bank.view", _("View bank details"), _("Bank details shown in full")),
        ("fund.budget.commit", _("Commit budget"), _("Budget committed")),
        ("fund.budget.release", _("Release budget"), _("Budget released")),
        ("fund.budget.return", _("Return to budget"), _("Money returned to the fund")),
        ("fund.report.reschedule", _("Change report schedule"), _("Reporting schedule changed")),
        ("fund.report.tie", _("Tie instalment"), _("Instalment tied to a report")),
        ("fund.report.accept", _("Accept report"), _("Grant report accepted")),
        ("fund.report.changes", _("Ask for changes"), _("Changes asked for on a grant report")),
        ("fund.letter.request", _("Request letter"), _("Award letter requested")),
        ("fund.letter.issue", _("Issue letter"), _("Award letter issued")),
        ("fund.letter.tampered", _("Refuse letter"), _("Award letter refused: file altered")),
        ("fund.application.withdraw", _("Withdraw application"), _("Withdrawn by the applicant")),
        ("fund.application.revoke_links", _("Revoke links"), _("Private links revoked")),
        ("fund.application.link_resent", _("Resend link"), _("New private link sent")),
    ]:
        actions.register_action(action, label, message)
    actions.register_action(REMINDER_SENT)(ReminderSentFormatter)  # names the reminder


@hooks.register("filter_form_submissions_for_user")
def hide_calls_from_the_form_submissions_views(user, editable_forms):
    """Calls' applications are listed under Grants > Applications, which is
    read-only. Wagtail's generic Forms views would let an editor delete
    them, so calls are left out of those views (and the Forms menu)."""

    return editable_forms.not_type(CallPage)
