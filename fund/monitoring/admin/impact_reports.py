"""The Commissioner's impact reports on Reports > Outcomes: ask for one (the
task worker makes it), try a failed one again, and download one made,
checked against its SHA-256. For the people who see the dashboard
(``fund.view_grantreport``: fund managers and finance).

A report is only ever an attachment, never shown by the browser, never
cached (fund/core/downloads.py).
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin import messages

from fund.calls.models import FundPage
from fund.core import stored
from fund.core.downloads import private_file_response, private_headers
from fund.core.errors import ServiceError
from fund.monitoring.admin.dashboard import OutcomesAccessMixin
from fund.monitoring.models import ImpactReport, ImpactReportStatus
from fund.monitoring.selectors.outcomes import FinancialYear
from fund.monitoring.services.impact_reports import (
    impact_report_open,
    impact_report_request,
    impact_report_retry,
)


def dashboard_url(fund_id) -> str:
    """Reports > Outcomes for the fund, at its list of impact reports."""
    return f"{reverse('fund_outcomes')}?{urlencode({'fund': fund_id})}#impact-reports-section"


class ImpactReportForm(forms.Form):
    year = forms.CharField(label=gettext_lazy("Financial year"), required=False)

    def clean_year(self) -> FinancialYear | None:
        """A financial year such as 2026-27; empty for every year."""
        text = self.cleaned_data["year"].strip()
        year = FinancialYear.parse(text)
        if text and year is None:
            raise forms.ValidationError(
                _("Choose the financial year from the list, such as 2026-27, and try again.")
            )
        return year


class ImpactReportRequestView(OutcomesAccessMixin, View):
    """ "Make the impact report": a fund's report for the chosen year."""

    http_method_names = ["post"]

    def post(self, request, fund_id):
        fund = get_object_or_404(FundPage, pk=fund_id)
        form = ImpactReportForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["year"][0])
            return redirect(dashboard_url(fund.pk))
        try:
            report = impact_report_request(
                fund=fund, year=form.cleaned_data["year"], by=request.user
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "The impact report for %(year)s has been asked for. It is listed under "
                    "Impact reports: download it there once it is ready."
                )
                % {"year": report.year or _("every year")},
            )
        return redirect(dashboard_url(fund.pk))


class ImpactReportRetryView(OutcomesAccessMixin, View):
    """ "Try again" on a report that could not be made."""

    http_method_names = ["post"]

    def post(self, request, pk):
        report = get_object_or_404(ImpactReport, pk=pk)
        try:
            impact_report_retry(report=report, by=request.user)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The impact report for %(year)s is being made again.")
                % {"year": report.year or _("every year")},
            )
        return redirect(dashboard_url(report.fund_id))


def _refused(message: str, status: int) -> HttpResponse:
    return private_headers(
        HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    )


class ImpactReportDownloadView(OutcomesAccessMixin, View):
    """One made impact report, as a PDF attachment."""

    def get(self, request, pk):
        report = get_object_or_404(ImpactReport.objects.select_related("fund"), pk=pk)
        if report.status == ImpactReportStatus.PENDING:
            return _refused(
                _("This impact report is still being made. Try again in a minute."), 404
            )
        if report.status != ImpactReportStatus.READY:
            return _refused(
                _(
                    "This impact report could not be made, so there is nothing to download. "
                    "Use “Try again” on Reports > Outcomes."
                ),
                404,
            )
        try:
            handle = impact_report_open(report)
        except FileNotFoundError:
            return _refused(
                _(
                    "This impact report is missing from storage. Make it again on "
                    "Reports > Outcomes and tell your system administrator."
                ),
                404,
            )
        except stored.Tampered:
            return _refused(
                _(
                    "This impact report has been altered in storage since it was made, so it "
                    "cannot be downloaded. This has been logged. Make it again on "
                    "Reports > Outcomes and tell your system administrator."
                ),
                409,
            )
        return private_file_response(
            handle, filename=report.filename, content_type="application/pdf"
        )


class ImpactReportView(OutcomesAccessMixin, View):
    """The old address of a fund's impact report, which was drawn on each
    request: reports are made by the task worker now and listed on
    Reports > Outcomes, so it leads there."""

    def get(self, request, fund_id):
        fund = get_object_or_404(FundPage, pk=fund_id)
        return redirect(dashboard_url(fund.pk))
