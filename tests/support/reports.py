"""Grant reports in the states the staff side needs: an accepted award with
agreed targets and budget lines, and its reports sent by the grantee with
figures, spend, a case study and evidence. The ORM stands in for the
grantee's form (built separately); staff moves go through the services."""

import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.monitoring.models import GrantReport, ReportEvidence, ReportFigure, ReportSpend
from fund.monitoring.services.review import report_accept
from tests.factories import AwardFactory

#: The plan of every award made here: (name, unit, target) and (category, £).
TARGETS = [
    ("Victims and survivors supported", "people", Decimal("40")),
    ("Professionals trained", "people", Decimal("20")),
]
CASE_STUDY = "Case study"
BUDGET = [("staff", Decimal("3000.00")), ("venue", Decimal("1000.00"))]


def planned_award(call, **fields):
    """An award of £4,000 with two numeric targets, a case study and two
    budget lines; accepted (bank details approved) unless told otherwise."""
    fields.setdefault("accepted", True)
    award = AwardFactory(call=call, **fields)
    # In place of the plan award_make agreed from the call's own measures.
    award.targets.all().delete()
    award.budget_lines.all().delete()
    for order, (name, unit, target) in enumerate(TARGETS):
        AwardTarget.objects.create(
            award=award, sort_order=order, name=name, kind="number", unit=unit, target=target
        )
    AwardTarget.objects.create(
        award=award, sort_order=len(TARGETS), name=CASE_STUDY, kind="text", required=False
    )
    for category, amount in BUDGET:
        AwardBudgetLine.objects.create(award=award, category=category, amount=amount)
    # A progress report halfway, as a call's defaults may ask (the built-in
    # default is a final report only).
    halfway = award.period_start + (award.period_end - award.period_start) / 2
    GrantReport.objects.create(award=award, kind="progress", due_on=halfway)
    return award


def report_of(award, kind="progress"):
    return award.reports.filter(kind=kind).order_by("due_on", "pk").first()


def sent(report, *, achieved=(30, 12), spent=("2500.00", "900.00"), story="", consent=False):
    """The grantee has sent ``report``: figures for the numeric targets in
    order, spend for each budget line in order, the case study's text."""
    award = report.award
    numbers = [t for t in award.targets.all() if t.is_number]
    texts = [t for t in award.targets.all() if not t.is_number]
    for target, value in zip(numbers, achieved, strict=True):
        ReportFigure.objects.create(report=report, target=target, achieved=Decimal(value))
    for target in texts:
        ReportFigure.objects.create(
            report=report, target=target, text=story, publish_consent=consent
        )
    for line, value in zip(award.budget_lines.all(), spent, strict=True):
        ReportSpend.objects.create(report=report, budget_line=line, spent=Decimal(value))
    report.what_changed = "More survivors reached safe housing."
    report.not_to_plan = "The venue closed for a month."
    report.status = "submitted"
    report.submitted_at = timezone.now()
    report.save(update_fields=["what_changed", "not_to_plan", "status", "submitted_at"])
    return report


def accepted(report, manager, **sent_fields):
    """Sent (if not yet) and accepted by ``manager`` through report_accept."""
    if report.status != "submitted":
        sent(report, **sent_fields)
    return report_accept(report=report, by=manager)


def evidence(report, name="register.pdf", content=b"%PDF-1.4 attendance"):
    file = ReportEvidence(
        report=report,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    file.file.save(name, ContentFile(content), save=True)
    return file
