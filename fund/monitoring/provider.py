"""Monitoring's side of an award (fund/awards/monitoring.py explains the
hook). Registered by fund/monitoring/admin/hooks.py through wagtail_hooks."""

from wagtail import hooks

from fund.monitoring.services.schedule import schedule_make


class AwardMonitoring:
    @staticmethod
    def award_made(award):
        schedule_make(award)

    @staticmethod
    def schedule(award):
        return [
            (report.get_kind_display(), report.due_on)
            for report in award.reports.order_by("due_on", "pk")
        ]

    @staticmethod
    def payment_hold(award):
        return None  # TODO(issue 14): instalments tied to reports not yet accepted

    @staticmethod
    def completion_refusal(award):
        return None  # TODO(issue 14): final report accepted and money reconciled


@hooks.register("fund_award_monitoring")
def award_monitoring():
    return AwardMonitoring
