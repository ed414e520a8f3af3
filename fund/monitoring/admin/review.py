"""A report's page (Grants > Reports > a report) and the review actions on
it: each figure against its target, spend against plan per budget line,
the narrative, the text answers with their consent and the evidence files;
"Accept" and "Ask for changes" for fund managers (``fund.review_report``).
Finance may read it (``fund.view_grantreport``) but not act."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from fund.core.downloads import private_file_response
from fund.core.permissions import REVIEW_REPORT, VIEW_AWARD, VIEW_REPORT
from fund.core.service_forms import ServiceFormMixin, error_summary
from fund.monitoring.models import GrantReport, ReportEvidence, ReportStatus
from fund.monitoring.selectors.review import report_label, report_reading
from fund.monitoring.services.review import report_accept, report_request_changes


def report_queryset():
    return GrantReport.objects.select_related(
        "award__application__page", "award__fund", "instalment", "reviewed_by"
    )


class ReportInspectView(InspectView):
    template_name = "fund/admin/reports/inspect.html"
    page_title = _("Grant report")

    def get_object(self, queryset=None):
        return get_object_or_404(report_queryset(), pk=self.pk)

    def get_fields(self):
        return []  # the template lays the report out itself

    def get_page_subtitle(self):
        return f"{self.object.award.reference}: {report_label(self.object)}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report, user = self.object, self.request.user
        may_review = user.has_perm(REVIEW_REPORT) and report.status == ReportStatus.SUBMITTED
        context.update(
            report=report,
            award=report.award,
            application=report.award.application,
            reading=report_reading(report),
            may_review=may_review,
            accept_url=reverse("grant_reports:accept", args=[report.pk]),
            changes_url=reverse("grant_reports:changes", args=[report.pk]),
            award_url=(
                reverse("awards:inspect", args=[report.award_id])
                if user.has_perm(VIEW_AWARD)
                else None
            ),
        )
        return context


class ReviewActionView(ServiceFormMixin, WagtailAdminTemplateMixin, FormView):
    """A review action on one report, for fund managers only."""

    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REVIEW_REPORT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def report(self):
        return get_object_or_404(report_queryset(), pk=self.kwargs["pk"])

    @cached_property
    def inspect_url(self):
        return reverse("grant_reports:inspect", args=[self.report.pk])

    def get_page_subtitle(self):
        return f"{self.report.award.reference}: {report_label(self.report)}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("grant_reports:index"), "label": _("Reports")},
            {"url": self.inspect_url, "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]


class AcceptForm(forms.Form):
    """No fields: the button is the decision."""


class AcceptView(ReviewActionView):
    form_class = AcceptForm
    http_method_names = ["post"]

    def act(self, data):
        report = report_accept(report=self.report, by=self.request.user)
        return _("%(report)s of %(reference)s is accepted. The grantee is e-mailed.") % {
            "report": capfirst(report_label(report)),
            "reference": report.award.reference,
        }

    def form_invalid(self, form):
        messages.error(self.request, self.error_message)
        return redirect(self.inspect_url)


class ChangesForm(forms.Form):
    reason = forms.CharField(
        label=_("What the grantee should change"),
        help_text=_(
            "The grantee reads this on their status page and in the e-mail, as you write it. "
            "Do not name anyone the grant supports."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,  # the service asks for it, in its own words
    )


class ChangesView(ReviewActionView):
    form_class = ChangesForm
    page_title = _("Ask for changes")
    template_name = "fund/admin/reports/changes.html"

    def get(self, request, *args, **kwargs):
        if self.report.status != ReportStatus.SUBMITTED:
            messages.warning(
                request,
                _(
                    "Changes can be asked for only on a report that waits for review. "
                    "This one is “%(status)s”."
                )
                % {"status": self.report.get_status_display()},
            )
            return redirect(self.inspect_url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            report=self.report,
            award=self.report.award,
            inspect_url=self.inspect_url,
            error_message=self.error_message,
            error_summary=error_summary(form, self.error_message) if form.is_bound else [],
        )
        return context

    def act(self, data):
        report = report_request_changes(
            report=self.report, reason=data["reason"], by=self.request.user
        )
        return _("The grantee of %(reference)s is asked to change %(report)s, and e-mailed.") % {
            "reference": report.award.reference,
            "report": report_label(report),
        }


def evidence_download(request, pk):
    """An evidence file, to staff who may read reports."""
    if not request.user.has_perm(VIEW_REPORT):
        raise PermissionDenied
    evidence = get_object_or_404(ReportEvidence, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("This file is missing from storage.")) from error
    return private_file_response(
        handle, filename=evidence.original_name, content_type=evidence.content_type
    )
