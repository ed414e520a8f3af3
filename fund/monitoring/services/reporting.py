"""The grantee writes and sends a report through the private status link.

Saving keeps the answers as typed (``draft_data``) and the evidence files
that passed their checks; sending writes the figures, spend and narrative
the fund reviews, and tells the fund managers, the grantee and, when a
final report leaves money unspent, finance. The e-mails are queued in the
same transaction, so they go only if the report is kept."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from fund.applications.services.links import contact_email
from fund.applications.uploads import CheckedFile, keep_checked
from fund.core.errors import ServiceError
from fund.core.mail import absolute_admin_url, email_queue
from fund.core.people import staff_to_email
from fund.core.stored import discard_all
from fund.monitoring.models import (
    OPEN_FOR_GRANTEE,
    GrantReport,
    ReportEvidence,
    ReportFigure,
    ReportSpend,
    ReportStatus,
)
from fund.monitoring.selectors.grantee import REPORTING_AWARDS, Unspent, report_unspent

REVIEWERS = "review_report"
FINANCE = "record_payment"


@dataclass(frozen=True)
class FigureAnswer:
    target_id: int
    achieved: Decimal | None
    text: str
    publish_consent: bool


@dataclass(frozen=True)
class ReportAnswers:
    """A report's answers as the service keeps them."""

    figures: list[FigureAnswer]
    spends: dict[int, Decimal]
    what_changed: str
    not_to_plan: str

    @property
    def spent(self) -> Decimal:
        return sum(self.spends.values(), Decimal("0.00"))


def _locked_open(report: GrantReport) -> GrantReport:
    """The report's row, locked and read afresh; refused unless the grantee
    may write it now (another tab may have sent it a moment ago)."""
    locked = GrantReport.objects.select_for_update().select_related("award").get(pk=report.pk)
    if locked.award.status not in REPORTING_AWARDS:
        raise ServiceError(_("This grant is not taking reports. Contact us if you need to report."))
    if locked.status not in OPEN_FOR_GRANTEE:
        raise ServiceError(
            _("This report has already been sent. We will tell you if we need any changes.")
        )
    return locked


def report_draft_save(
    *,
    report: GrantReport,
    raw: dict,
    files: list[CheckedFile] = (),
    remove_evidence_ids: list[int] = (),
) -> GrantReport:
    """Keep the grantee's answers as typed, with the new evidence files that
    passed their checks, and take out the files they removed. A report not
    started becomes a draft; one sent back for changes stays so (the
    request shown) until it is sent again."""
    stored = []
    try:
        with transaction.atomic():
            locked = _locked_open(report)
            locked.draft_data = raw
            locked.saved_at = timezone.now()
            if locked.status == ReportStatus.DUE:
                locked.status = ReportStatus.DRAFT
            locked.save(update_fields=["draft_data", "saved_at", "status"])
            removed = list(locked.evidence.filter(pk__in=remove_evidence_ids))
            locked.evidence.filter(pk__in=[e.pk for e in removed]).delete()
            _store_evidence(locked, files, stored)
    except Exception:
        _delete_stored(stored)
        raise
    transaction.on_commit(lambda: _delete_stored([e.file.name for e in removed]))
    return locked


def _store_evidence(report, files, stored):
    """Store each new file once: the same file saved again is kept once."""
    held = set(report.evidence.values_list("sha256", flat=True))
    for checked in files:
        if checked.sha256 in held:
            continue
        held.add(checked.sha256)
        keep_checked(ReportEvidence(report=report), checked, stored).save()


def _delete_stored(names):
    discard_all(ReportEvidence._meta.get_field("file").storage, names)


def report_submit(
    *, report: GrantReport, answers: ReportAnswers
) -> tuple[GrantReport, Unspent | None]:
    """Send the report (``answers``, checked by the
    form): its figures, spend and narrative replace any sent
    before. Returns the report and, for a final report that leaves money
    unspent, how much."""
    with transaction.atomic():
        locked = _locked_open(report)
        _check_final_complete(locked, answers)
        _write_answers(locked, answers)
        locked.status = ReportStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.what_changed = answers.what_changed
        locked.not_to_plan = answers.not_to_plan
        locked.save(
            update_fields=["status", "submitted_at", "what_changed", "not_to_plan"],
        )
        application = locked.award.application
        unspent = report_unspent(locked, spent=answers.spent)
        log(
            instance=application,
            action="fund.report.submit",
            data={
                "report": locked.pk,
                "kind": locked.kind,
                "due_on": locked.due_on.isoformat(),
                "spent": str(answers.spent),
                "unspent": str(unspent.amount) if unspent else None,
            },
        )
        _email_grantee(locked, unspent)
        _email_staff(locked, "report_submitted", REVIEWERS, unspent=None)
        if unspent is not None:
            _email_staff(locked, "report_unspent", FINANCE, unspent=unspent)
    return locked, unspent


def _check_final_complete(report, answers):
    """The form's rule, held here too: a final report answers every required
    measure and gives the spend on every budget line."""
    if not report.is_final:
        return
    given = {f.target_id for f in answers.figures if f.achieved is not None or f.text.strip()}
    missing = [t.name for t in report.award.targets.all() if t.required and t.pk not in given]
    lines = set(report.award.budget_lines.values_list("pk", flat=True))
    if missing or not lines <= answers.spends.keys():
        raise ServiceError(
            _(
                "A final report must answer every required measure and give the spend on "
                "every budget line. Go back to your report and fill in the gaps."
            )
        )


def _write_answers(report, answers):
    targets = set(report.award.targets.values_list("pk", flat=True))
    lines = set(report.award.budget_lines.values_list("pk", flat=True))
    report.figures.all().delete()
    report.spends.all().delete()
    ReportFigure.objects.bulk_create(
        ReportFigure(
            report=report,
            target_id=figure.target_id,
            achieved=figure.achieved,
            text=figure.text,
            publish_consent=figure.publish_consent,
        )
        for figure in answers.figures
        if figure.target_id in targets and (figure.achieved is not None or figure.text)
    )
    ReportSpend.objects.bulk_create(
        ReportSpend(report=report, budget_line_id=line_id, spent=spent)
        for line_id, spent in answers.spends.items()
        if line_id in lines
    )


def _email_grantee(report, unspent):
    contact_email(report.award.application, kind="report_receipt", report=report, unspent=unspent)


def _email_staff(report, kind, codename, *, unspent):
    """One e-mail to each active holder of ``codename`` with an address,
    naming the reference and call, not the grantee's words."""
    application = report.award.application
    for user in staff_to_email(codename):
        email_queue(
            kind=kind,
            to=user.email,
            template=kind,
            context={
                "user": user,
                "application": application,
                "call": application.page.specific,
                "report": report,
                "unspent": unspent,
                "award_url": absolute_admin_url("awards:inspect", report.award.pk),
            },
            application=application,
        )
