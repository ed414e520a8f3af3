"""Grants with agreed targets, budget lines and accepted reports, written
straight to the database (the monitoring UIs that make them are built and
tested elsewhere): for the outcomes dashboard, the impact report, the public
"What the fund achieved" page and their benchmarks.

    agree(award, targets=[(name, unit, target)], budget={category: amount})
    report(award, kind="progress", figures={name: achieved}, spends={category: spent},
           case_study=("text", consent))       an accepted report
    add_grants(call, count, manager=...)        many grants at once (bulk inserts)
"""

import datetime as dt
import uuid
from decimal import Decimal

from django.utils import timezone

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus
from fund.awards.models.awards import Award, AwardStatus, FundReturn, Payment
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.calls.outcomes import MeasureKind, ReportKind
from fund.monitoring.models import GrantReport, ReportFigure, ReportSpend, ReportStatus

SUPPORTED = ("Victims and survivors supported", "people")
SESSIONS = ("Awareness sessions delivered", "sessions")
CASE_STUDY = "Case study"

#: What add_grants agrees for each grant.
TARGETS = [(*SUPPORTED, Decimal("10")), (*SESSIONS, Decimal("4")), (CASE_STUDY, "", None)]
BUDGET = {"staff": Decimal("1500.00"), "venue": Decimal("500.00")}


def agree(award, *, targets=TARGETS, budget=BUDGET):
    """The award's agreed targets ((name, unit, target); a target of None is
    a text measure) and budget lines, in place of those award_make agreed."""
    award.targets.all().delete()
    award.budget_lines.all().delete()
    _agree_in_bulk([award], targets=targets, budget=budget)


def report(
    award,
    *,
    kind=ReportKind.PROGRESS,
    figures=None,
    spends=None,
    case_study=None,
    status=ReportStatus.ACCEPTED,
    due_on=None,
    accepted_at=None,
):
    """A report of the award (accepted unless told) with its figures (by
    measure name), spend (by budget category) and case study (text, consent)."""
    now = timezone.now()
    accepted = status == ReportStatus.ACCEPTED
    existing = award.reports.filter(kind=ReportKind.FINAL).first() if kind == "final" else None
    grant_report = existing or GrantReport(award=award, kind=kind)
    grant_report.due_on = due_on or grant_report.due_on or timezone.localdate()
    grant_report.status = status
    grant_report.submitted_at = now if accepted or status == ReportStatus.SUBMITTED else None
    grant_report.accepted_at = (accepted_at or now) if accepted else None
    grant_report.save()
    targets = {target.name: target for target in award.targets.all()}
    lines = {line.category: line for line in award.budget_lines.all()}
    for name, achieved in (figures or {}).items():
        ReportFigure.objects.create(report=grant_report, target=targets[name], achieved=achieved)
    if case_study is not None:
        text, consent = case_study
        ReportFigure.objects.create(
            report=grant_report, target=targets[CASE_STUDY], text=text, publish_consent=consent
        )
    for category, spent in (spends or {}).items():
        ReportSpend.objects.create(report=grant_report, budget_line=lines[category], spent=spent)
    return grant_report


# --- many grants at once ------------------------------------------------------------

DISTRICTS = [["leeds"], ["bradford"], ["leeds", "wakefield"], ["kirklees"]]


def add_grants(call, count, *, manager, start=0, amount=Decimal("2000.00")):
    """``count`` paid grants from ``call``, each with TARGETS and BUDGET agreed,
    an accepted progress report (3 people, 1 session; £600 staff, £100
    venue; a case study, consented on even numbers) and a final report that
    is late on every fourth grant (numbers 1, 5, 9...) and due later on the
    others. A few inserts per table, whatever ``count``."""
    now = timezone.now()
    today = timezone.localdate()
    numbers = range(start, start + count)
    applications = Application.objects.bulk_create(
        _application(call, number, manager=manager, now=now, today=today) for number in numbers
    )
    awards = Award.objects.bulk_create(
        Award(
            application=application,
            fund_id=call.get_parent().pk,
            amount=amount,
            conditions="<p>Report on what the grant achieved.</p>",
            status=AwardStatus.PAID,
            accept_by=today,
            period_start=today - dt.timedelta(days=180),
            period_end=today + dt.timedelta(days=180),
            decided_by=manager,
            decided_at=now - dt.timedelta(days=200),
            accepted_at=now - dt.timedelta(days=190),
            accepted_name="Ann Lee",
            accepted_position="Chair",
        )
        for application in applications
    )
    for award in awards:
        award.application = next(a for a in applications if a.pk == award.application_id)
    _agree_in_bulk(awards)
    _reports_in_bulk(awards, numbers, now=now, today=today)
    Payment.objects.bulk_create(
        Payment(
            award=award, paid_on=today, amount=amount, bacs_reference="BACS", recorded_by=manager
        )
        for award in awards
    )
    return awards


def _application(call, number, *, manager, now, today):
    return Application(
        page=call,
        submission_token=uuid.uuid4(),
        status=ApplicationStatus.AWARDED,
        reference=f"SCF-2026-{call.pk:03d}{number + 1:05d}",
        organisation_name=f"Example Community Group {number}",
        organisation_type="unregistered",
        address="1 Mill Lane\nLeeds",
        postcode="LS1 2AB",
        contact_name="Sam Example",
        contact_email=f"contact{number}@example.org",
        contact_phone="01134960000",
        project_title=f"Drop-in advice for survivors {number}",
        project_summary="Advice for people leaving exploitation.",
        amount_requested=Decimal("2000.00"),
        planned_start=today,
        planned_end=today + dt.timedelta(days=365),
        districts=DISTRICTS[number % len(DISTRICTS)],
        form_data={},
        questions=[],
        submitted_at=now,
        screened_by=manager,
        screened_at=now,
    )


def _agree_in_bulk(awards, *, targets=TARGETS, budget=BUDGET):
    """The same targets and budget lines for each of ``awards``, in two INSERTs."""
    AwardTarget.objects.bulk_create(
        AwardTarget(
            award=award,
            sort_order=order,
            name=name,
            kind=MeasureKind.TEXT if target is None else MeasureKind.NUMBER,
            unit=unit,
            proposed=target,
            target=target,
        )
        for award in awards
        for order, (name, unit, target) in enumerate(targets)
    )
    AwardBudgetLine.objects.bulk_create(
        AwardBudgetLine(award=award, category=category, amount=planned)
        for award in awards
        for category, planned in budget.items()
    )


def _reports_in_bulk(awards, numbers, *, now, today):
    reports = GrantReport.objects.bulk_create(
        report
        for award, number in zip(awards, numbers, strict=True)
        for report in (
            GrantReport(
                award=award,
                kind=ReportKind.PROGRESS,
                due_on=today - dt.timedelta(days=40),
                status=ReportStatus.ACCEPTED,
                submitted_at=now - dt.timedelta(days=35),
                accepted_at=now - dt.timedelta(days=30),
            ),
            GrantReport(
                award=award,
                kind=ReportKind.FINAL,
                due_on=today + dt.timedelta(days=-5 if number % 4 == 1 else 270),
            ),
        )
    )
    progress = [report for report in reports if report.kind == ReportKind.PROGRESS]
    targets = {
        (target.award_id, target.name): target
        for target in AwardTarget.objects.filter(award__in=awards)
    }
    lines = {
        (line.award_id, line.category): line
        for line in AwardBudgetLine.objects.filter(award__in=awards)
    }
    figures, spends = [], []
    for grant_report, number in zip(progress, numbers, strict=True):
        award_id = grant_report.award_id
        figures += [
            ReportFigure(
                report=grant_report, target=targets[award_id, SUPPORTED[0]], achieved=Decimal(3)
            ),
            ReportFigure(
                report=grant_report, target=targets[award_id, SESSIONS[0]], achieved=Decimal(1)
            ),
            ReportFigure(
                report=grant_report,
                target=targets[award_id, CASE_STUDY],
                text=f"Grant {number} helped a survivor find safe housing.",
                publish_consent=number % 2 == 0,
            ),
        ]
        spends += [
            ReportSpend(report=grant_report, budget_line=lines[award_id, "staff"], spent=600),
            ReportSpend(report=grant_report, budget_line=lines[award_id, "venue"], spent=100),
        ]
    ReportFigure.objects.bulk_create(figures)
    ReportSpend.objects.bulk_create(spends)


def money_returned(award, amount, *, by):
    """Money the grantee paid back (written directly)."""
    return FundReturn.objects.create(
        award=award,
        received_on=timezone.localdate(),
        amount=amount,
        reason="underspend",
        recorded_by=by,
    )
