"""The Commissioner's impact report as a stored document
(docs/decisions/0009-monitoring.md): asked for on Reports > Outcomes, made
by the task worker, kept in private storage with its SHA-256 and checked
against it whenever it is downloaded.

Made the way award letters are (fund/awards/services/letters.py): the row
is written first, pending; the task draws the PDF (fund/monitoring/impact.py),
stores it through the storage API only (fund/core/stored.py, so the local
folder and S3 alike) and claims the row in one conditional update. A
failure stores nothing, marks the report failed with why in plain words
(the details go to the log) and can be tried again.
"""

import datetime as dt
import io
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task
from wagtail.log_actions import log

from fund.calls.models import FundPage
from fund.core import stored
from fund.core.errors import ServiceError
from fund.monitoring import impact
from fund.monitoring.models import ImpactReport, ImpactReportStatus
from fund.monitoring.selectors.outcomes import FinancialYear

logger = logging.getLogger(__name__)

#: The task makes a report in one of these; a made one is never made again.
RENDERABLE = (ImpactReportStatus.PENDING, ImpactReportStatus.FAILED)

#: A report pending longer than this is taken to be lost (its worker
#: stopped): asking for the same report again marks it failed, with LOST.
STALLED_AFTER = dt.timedelta(minutes=15)
LOST = gettext_lazy("It was not made within 15 minutes: the task worker may have stopped.")


def _year_label(year: str) -> str:
    return year or _("every year")


def _make_after_commit(report: ImpactReport, *, action: str, by) -> None:
    """Write the audit entry in the fund's History; the task makes the
    report once the current transaction commits."""
    log(
        instance=report.fund,
        action=action,
        user=by,
        data={"report": report.pk, "year": report.year, "attempts": report.attempts},
    )
    pk = report.pk
    transaction.on_commit(lambda: make_impact_report.enqueue(pk))


def impact_report_request(*, fund: FundPage, year: FinancialYear | None, by) -> ImpactReport:
    """Ask for the fund's impact report for ``year`` (None: every year); the
    task makes it once the current transaction commits. Refused while the
    same report is still being made."""
    year_text = str(year) if year else ""
    with transaction.atomic():
        # One ask at a time for a fund: two presses at once would both find
        # none being made and make the same report twice.
        FundPage.objects.select_for_update().filter(pk=fund.pk).values_list("pk").get()
        pending = ImpactReport.objects.filter(
            fund=fund, year=year_text, status=ImpactReportStatus.PENDING
        )
        stalled = timezone.now() - STALLED_AFTER
        pending.filter(requested_at__lte=stalled).update(
            status=ImpactReportStatus.FAILED, error=LOST
        )
        if pending.exists():
            raise ServiceError(
                _(
                    "The impact report for %(year)s is being made already. Refresh the page "
                    "in a minute to download it."
                )
                % {"year": _year_label(year_text)}
            )
        report = ImpactReport.objects.create(fund=fund, year=year_text, requested_by=by)
        _make_after_commit(report, action="fund.impact.request", by=by)
    return report


def impact_report_retry(*, report: ImpactReport, by) -> ImpactReport:
    """Make a report that failed again; the task makes it after the commit."""
    with transaction.atomic():
        report = (
            ImpactReport.objects.select_for_update(of=("self",))
            .select_related("fund")
            .get(pk=report.pk)
        )
        if report.status != ImpactReportStatus.FAILED:
            raise ServiceError(
                _(
                    "The impact report for %(year)s did not fail, so there is nothing to try "
                    "again. It is listed on this page as “%(status)s”."
                )
                % {"year": _year_label(report.year), "status": report.get_status_display()}
            )
        report.status, report.error = ImpactReportStatus.PENDING, ""
        report.save(update_fields=["status", "error"])
        _make_after_commit(report, action="fund.impact.retry", by=by)
    return report


def _failed(report: ImpactReport, why: str) -> None:
    # Only a report not yet made: if another worker made it meanwhile, it stays made.
    ImpactReport.objects.filter(pk=report.pk, status__in=RENDERABLE).update(
        status=ImpactReportStatus.FAILED, error=why, attempts=F("attempts") + 1
    )
    logger.exception("Impact report %s could not be made", report.pk)


def _claim(report: ImpactReport, kept: stored.Kept) -> bool:
    """Mark the report made with the ``kept`` file, in one conditional update
    with its audit entry; False if another worker made it meanwhile."""
    with transaction.atomic():
        claimed = ImpactReport.objects.filter(pk=report.pk, status__in=RENDERABLE).update(
            status=ImpactReportStatus.READY,
            file=kept.name,
            sha256=kept.sha256,
            size=kept.size,
            error="",
            attempts=F("attempts") + 1,
            made_at=timezone.now(),
        )
        if claimed:
            log(
                instance=report.fund,
                action="fund.impact.make",
                user=report.requested_by,
                data={"report": report.pk, "year": report.year, "sha256": kept.sha256},
            )
    return bool(claimed)


def impact_report_render(*, report_id: int) -> ImpactReport:
    """Make and store one impact report. A failure marks it failed, with
    why in plain words, stores nothing and is raised (so the task's result
    says so too); the report can be tried again."""
    report = ImpactReport.objects.select_related("fund", "requested_by").get(pk=report_id)
    if report.status not in RENDERABLE:
        return report
    try:
        pdf = impact.impact_report_pdf(fund=report.fund, year=FinancialYear.parse(report.year))
    except Exception:
        _failed(report, _("The PDF could not be drawn from the fund's figures."))
        raise
    # Store the file first, then claim the report: if another worker made
    # it meanwhile, this file is removed and theirs stays.
    kept = None
    try:
        kept = stored.keep(report.file, pdf)
        claimed = _claim(report, kept)
    except Exception:
        # Nothing half-made is kept: no file without its row.
        if kept:
            stored.discard(report.file, kept.name)
        _failed(report, _("The PDF was drawn but could not be saved in the private file store."))
        raise
    if not claimed:
        stored.discard(report.file, kept.name)
    report.refresh_from_db()
    return report


def impact_report_open(report: ImpactReport) -> io.BytesIO:
    """The made report's PDF, checked against the SHA-256 recorded when it
    was made. A file that differs is never handed out: it is logged, noted
    in the fund's History and stored.Tampered raised. FileNotFoundError if
    the file is missing from storage."""
    try:
        return stored.open_verified(report.file, report.sha256)
    except stored.Tampered as tampered:
        logger.error("Impact report %s (%s): %s", report.pk, report.file.name, tampered)
        log(
            instance=report.fund,
            action="fund.impact.tampered",
            data={"report": report.pk, "sha256": tampered.recorded, "found": tampered.found},
        )
        raise


@task()
def make_impact_report(report_id: int) -> None:
    """Make the PDF of one Commissioner's impact report."""
    impact_report_render(report_id=report_id)
