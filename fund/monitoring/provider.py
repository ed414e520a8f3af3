"""Monitoring's side of an award (fund/awards/monitoring.py explains the
hook). Registered by fund/monitoring/admin/hooks.py through wagtail_hooks."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks

from fund.awards.selectors import paid_total, returned_total
from fund.core.money import pounds
from fund.monitoring.models import ReportStatus
from fund.monitoring.selectors.review import (
    final_report,
    payment_holds,
    report_spend_total,
)
from fund.monitoring.services.schedule import planned_reports, schedule_make


class AwardMonitoring:
    @staticmethod
    def award_made(award):
        schedule_make(award)

    @staticmethod
    def schedule(award):
        """The award's reports; an award not made yet, those it will get."""
        reports = award.reports.order_by("due_on", "pk") if award.pk else planned_reports(award)
        return sorted(
            ((report.get_kind_display(), report.due_on) for report in reports),
            key=lambda report: report[1],
        )

    @staticmethod
    def payment_hold(award):
        return payment_holds([award.pk]).get(award.pk)

    @staticmethod
    def payment_holds(award_ids):
        return payment_holds(award_ids)

    @staticmethod
    def completion_refusal(award):
        final = final_report(award)
        if final is None:
            return _("%(reference)s has no final report in its schedule.") % {
                "reference": award.reference
            }
        if final.status != ReportStatus.ACCEPTED:
            return _(
                "The final report of %(reference)s, due %(date)s, has not been accepted yet "
                "(it is %(status)s)."
            ) % {
                "reference": award.reference,
                "date": date_format(final.due_on, "j F Y"),
                "status": final.get_status_display().lower(),
            }
        paid, returned = paid_total(award), returned_total(award)
        spent = report_spend_total(final)
        if paid - returned != spent:
            return _(
                "The money of %(reference)s does not reconcile: %(paid)s paid less %(returned)s "
                "returned is %(net)s, but the final report shows %(spent)s spent."
            ) % {
                "reference": award.reference,
                "paid": pounds(paid),
                "returned": pounds(returned),
                "net": pounds(paid - returned),
                "spent": pounds(spent),
            }
        return None


@hooks.register("fund_award_monitoring")
def award_monitoring():
    return AwardMonitoring
