"""A grant's reporting schedule on its award's page (Grants > Awards > an
award): the reports due, each with its status and the instalment that
waits for it; and, for fund managers (``fund.review_report``), the forms
that move a due date, add a progress report and tie an instalment to a
report. Each form calls one service of fund/monitoring/services/schedule.py.

The section reaches the award's page through the ``fund_award_page_sections``
hook (fund/monitoring/admin/hooks.py): awards come before monitoring and do
not import it.
"""

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from fund.awards.admin.common import AwardActionView
from fund.awards.admin.forms import date_field
from fund.core.money import pounds
from fund.core.permissions import REVIEW_REPORT, VIEW_REPORT
from fund.monitoring.models import GrantReport, ReportStatus
from fund.monitoring.selectors.review import report_label
from fund.monitoring.services.schedule import (
    SCHEDULE_OPEN,
    report_add,
    report_reschedule,
    report_tie,
)


class ScheduleSection(Component):
    """The award's reports, on its page."""

    template_name = "fund/admin/reports/award_schedule.html"

    def __init__(self, *, award, user):
        self.award, self.user = award, user

    @staticmethod
    def shown_to(user) -> bool:
        return user.has_perm(VIEW_REPORT) or user.has_perm(REVIEW_REPORT)

    def get_context_data(self, parent_context):
        award = self.award
        may_change = self.user.has_perm(REVIEW_REPORT) and award.status in SCHEDULE_OPEN
        rows = [
            {
                "report": report,
                "url": reverse("grant_reports:inspect", args=[report.pk]),
                "reschedule_url": reverse("grant_reports:reschedule", args=[report.pk]),
                "tie_url": reverse("grant_reports:tie", args=[report.pk]),
                "may_change": may_change and report.status != ReportStatus.ACCEPTED,
            }
            for report in award.reports.select_related("instalment").order_by("due_on", "pk")
        ]
        return {
            "award": award,
            "rows": rows,
            "may_change": may_change,
            "add_url": reverse("grant_reports:add", args=[award.pk]),
        }


def award_schedule_section(*, request, award):
    if ScheduleSection.shown_to(request.user):
        return ScheduleSection(award=award, user=request.user)
    return None


class DueForm(forms.Form):
    due_on = date_field(_("Due on"), required_message=_("Enter the date the report is due."))


class TieForm(forms.Form):
    instalment = forms.ModelChoiceField(
        label=_("Instalment that waits for this report"),
        queryset=None,
        required=False,
        empty_label=_("None: no instalment waits for it"),
        help_text=_("The instalment is not paid until the report is accepted."),
    )

    def __init__(self, *args, award, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instalment"].queryset = award.instalments.all()


class ScheduleActionView(AwardActionView):
    permissions = (REVIEW_REPORT,)
    statuses = frozenset(SCHEDULE_OPEN)
    header_icon = "calendar"


class ReportActionView(ScheduleActionView):
    """An action on one of the award's reports (``pk`` is the report's)."""

    @cached_property
    def report(self):
        return get_object_or_404(
            GrantReport.objects.select_related("instalment"), pk=self.kwargs["pk"]
        )

    @cached_property
    def award(self):
        return get_object_or_404(self.get_award_queryset(), pk=self.report.award_id)

    def get_page_subtitle(self):
        return f"{self.award.reference}: {report_label(self.report)}"


class RescheduleView(ReportActionView):
    page_title = _("Change a report's due date")
    form_class = DueForm
    submit_label = _("Change the due date")
    intro = _("Tell the grantee the new date: they are not e-mailed about it.")

    def get_initial(self):
        return {"due_on": self.report.due_on}

    def act(self, data):
        report = report_reschedule(report=self.report, due_on=data["due_on"], by=self.request.user)
        return _("The %(kind)s of %(reference)s is now due on %(date)s.") % {
            "kind": report.get_kind_display().lower(),
            "reference": self.award.reference,
            "date": date_format(report.due_on, "j F Y"),
        }


class AddReportView(ScheduleActionView):
    page_title = _("Add a progress report")
    form_class = DueForm
    submit_label = _("Add the report")
    intro = _("The grantee sees it on their status page and is reminded as it falls due.")

    def act(self, data):
        report = report_add(award=self.award, due_on=data["due_on"], by=self.request.user)
        return _("A progress report due on %(date)s is added to %(reference)s.") % {
            "date": date_format(report.due_on, "j F Y"),
            "reference": self.award.reference,
        }


class TieView(ReportActionView):
    page_title = _("Tie an instalment to a report")
    header_icon = "lock"
    form_class = TieForm
    submit_label = _("Save")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "award": self.award}

    def get_initial(self):
        return {"instalment": self.report.instalment_id}

    def act(self, data):
        report = report_tie(report=self.report, instalment=data["instalment"], by=self.request.user)
        if report.instalment is None:
            return _("No instalment waits for %(report)s now.") % {"report": report_label(report)}
        return _("%(amount)s is not paid until %(report)s is accepted.") % {
            "amount": pounds(report.instalment.amount),
            "report": report_label(report),
        }
