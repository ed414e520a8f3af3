"""Admin hooks for monitoring (registered by import from fund.wagtail_hooks):
the award's provider, the read-only permission policy of reports, and the
award page's Reports section. Grants > Reports is in the Grants group."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from fund.core.permissions import ReadOnlyPermissionPolicy
from fund.monitoring import provider  # noqa: F401  (registers fund_award_monitoring)
from fund.monitoring.admin.schedule import award_schedule_section
from fund.monitoring.models import GrantReport

# Before the viewset registers, so it finds this policy rather than making
# Wagtail's default one (which would offer add, edit and delete).
register_permission_policy(GrantReport, ReadOnlyPermissionPolicy("fund.GrantReport"))


@hooks.register("fund_award_page_sections")
def award_reports_section(*, request, award):
    return award_schedule_section(request=request, award=award)
