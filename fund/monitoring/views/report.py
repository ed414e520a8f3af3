"""The grantee's report, through the private status link: the form (save
and return), check your answers, send, and the confirmation.

A report is reached only from the application bound to this browser by
its status link (fund/applications/access.py, decision 3): another grant's
report, or none, is a 404. A report already sent is shown read only until
the fund asks for changes."""

import logging

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from fund.applications.status_pages import no_application, not_bound, status_application
from fund.core.errors import FAULTS, ServiceError
from fund.monitoring.forms.report import ReportForm
from fund.monitoring.models import ReportStatus
from fund.monitoring.selectors.grantee import (
    report_for_grantee,
    report_is_open,
    report_spent,
    report_unspent,
    sent_answers,
)
from fund.monitoring.services.reporting import report_draft_save, report_submit

logger = logging.getLogger(__name__)


def _bound_report(request, pk):
    """(the report of the grant bound to this browser, or None; the
    response to give when there is none)."""
    application = status_application(request)
    if application is None:
        return None, not_bound(request)
    report = report_for_grantee(application=application, pk=pk)
    if report is None:
        return None, no_application(
            request,
            _("We cannot find that report. Go back to your application's page to see them."),
            heading=_("Report not found"),
        )
    return report, None


def _context(report, **extra):
    award = report.award
    application = award.application
    call = application.page.specific
    return {
        "page": call,
        "call": call,
        "application": application,
        "award": award,
        "report": report,
        **extra,
    }


def _show_form(request, report, form, status=200):
    return TemplateResponse(
        request, "fund/report/form.html", _context(report, form=form), status=status
    )


def _show_sent(request, report):
    return TemplateResponse(
        request, "fund/report/view.html", _context(report, answers=sent_answers(report))
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report_form(request, pk):
    """GET shows the report (as last saved); POST keeps everything as a
    draft, then either confirms the save ("save") or moves on to check
    your answers."""
    report, refused = _bound_report(request, pk)
    if report is None:
        return refused
    if not report_is_open(report):
        return _show_sent(request, report)
    if request.method != "POST":
        return _show_form(request, report, ReportForm(initial=report.draft_data, report=report))
    form = ReportForm(request.POST, request.FILES, report=report)
    valid = form.is_valid()
    try:
        report = report_draft_save(
            report=report,
            raw=form.raw_answers(),
            files=form.files_to_keep(),
            remove_evidence_ids=form.removed_evidence_ids() if not form.over_limit else [],
        )
    except ServiceError:
        return redirect("fund_report", pk=report.pk)  # sent from another tab meanwhile
    except FAULTS:
        logger.exception("Could not save report %s", report.pk)
        form.add_error(
            None,
            _(
                "Sorry, we could not save your report just now because of a problem on our "
                "side. Your answers are still on this page, but any files you chose this time "
                "were not kept. Wait a few minutes, choose those files again and press the "
                "button again."
            ),
        )
        form.hold_evidence(list(report.evidence.all()))
        return _show_form(request, report, form)
    if request.POST.get("action") == "save":
        return redirect("fund_report_saved", pk=report.pk)
    if valid:
        return redirect("fund_report_check", pk=report.pk)
    form.hold_evidence(list(report.evidence.all()))
    return _show_form(request, report, form)


@never_cache
@require_http_methods(["GET", "POST"])
def report_check(request, pk):
    """Check your answers, then send. The answers are the ones saved."""
    report, refused = _bound_report(request, pk)
    if report is None:
        return refused
    if not report_is_open(report):
        return _show_sent(request, report)
    form = ReportForm(report.draft_data, report=report)
    if not form.is_valid():
        return _show_form(request, report, form)
    error = None
    if request.method == "POST":
        try:
            report, _unspent = report_submit(report=report, answers=form.answers())
        except ServiceError as refusal:
            error = refusal.message
        else:
            return redirect("fund_report_sent", pk=report.pk)
    return TemplateResponse(
        request,
        "fund/report/check.html",
        _context(report, form=form, summary=form.summary(), error=error),
    )


@never_cache
def report_saved(request, pk):
    report, refused = _bound_report(request, pk)
    if report is None:
        return refused
    return TemplateResponse(request, "fund/report/saved.html", _context(report))


@never_cache
def report_sent(request, pk):
    """The confirmation: what happens next, and any money to give back."""
    report, refused = _bound_report(request, pk)
    if report is None:
        return refused
    if report.status not in {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED}:
        return redirect("fund_report", pk=report.pk)
    unspent = report_unspent(report, spent=report_spent(report))
    return TemplateResponse(request, "fund/report/sent.html", _context(report, unspent=unspent))
