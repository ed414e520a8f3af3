"""A grant that reports: an accepted award with agreed targets and budget
lines (made directly, as the manager's agreement would leave them), its
reports, the grantee's browser on its private status link, and a report
as the grantee fills it in."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from fund.applications import access
from fund.awards.models.plan import AwardBudgetLine, AwardTarget
from fund.calls.outcomes import ReportKind
from fund.monitoring.models import GrantReport
from tests.factories import AwardFactory

#: (name, kind, unit, required, target) of the targets agreed.
TARGETS = [
    ("Victims and survivors supported", "number", "people", True, Decimal("40")),
    ("Professionals trained", "number", "people", False, Decimal("25")),
    ("Case study", "text", "", True, None),
]
#: (category, planned) of the budget lines agreed; they add up to £4,000.
BUDGET = [("staff", Decimal("3000.00")), ("venue", Decimal("1000.00"))]


def reporting_award(call, *, paid=False, **fields):
    """An accepted (or ``paid``) award of £4,000 with the targets and budget
    lines above; its schedule holds the final report award_make made."""
    award = AwardFactory(call=call, accepted=True, paid=paid, **fields)
    # In place of the plan award_make agreed from the call's own measures.
    award.targets.all().delete()
    award.budget_lines.all().delete()
    for order, (name, kind, unit, required, target) in enumerate(TARGETS):
        AwardTarget.objects.create(
            award=award,
            sort_order=order,
            name=name,
            kind=kind,
            unit=unit,
            required=required,
            definition=f"What counts for {name.lower()}.",
            target=target,
        )
    for category, amount in BUDGET:
        AwardBudgetLine.objects.create(award=award, category=category, amount=amount)
    return award


def final_report(award):
    return GrantReport.objects.get(award=award, kind=ReportKind.FINAL)


def progress_report(award):
    """A progress report halfway, added to the award's schedule."""
    report, _created = GrantReport.objects.get_or_create(
        award=award,
        kind=ReportKind.PROGRESS,
        defaults={"due_on": award.period_start + (award.period_end - award.period_start) / 2},
    )
    return report


def grantee(award):
    """A browser that opened the award's private status link."""
    browser = Client()
    path = reverse("fund_status_open", args=[access.make_token(award.application, access.STATUS)])
    browser.post(path)
    return browser


def report_url(report, page=""):
    name = {"": "fund_report", "check": "fund_report_check", "sent": "fund_report_sent"}[page]
    return reverse(name, args=[report.pk])


def answers(award, **overrides):
    """A complete report as the grantee posts it: 30 people supported, 10
    trained, a case study they may publish (the TARGETS in order), £2,500
    and £900 spent."""
    supported, trained, case_study = (t.pk for t in award.targets.order_by("sort_order"))
    lines = {b.category: b.pk for b in award.budget_lines.all()}
    data = {
        f"figure_{supported}": "30",
        f"figure_{trained}": "10",
        f"text_{case_study}": "A woman we supported is now in safe work.",
        f"consent_{case_study}": "on",
        f"spend_{lines['staff']}": "£2,500",
        f"spend_{lines['venue']}": "900.00",
        "what_changed": "Survivors had somewhere safe to go each week.",
        "not_to_plan": "The venue closed for a month.",
        "action": "continue",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def field(award, kind, name):
    """The form's name for a target's (``figure``/``text``/``consent``) or a
    budget line's (``spend``) answer."""
    if kind == "spend":
        return f"spend_{award.budget_lines.get(category=name).pk}"
    return f"{kind}_{award.targets.get(name=name).pk}"
