"""A call's outcome measures and an application's proposal (targets and
budget lines), made with the ORM for the tests of agreeing them at award:
the public form that makes a proposal is tested on its own
(tests/applications/)."""

from decimal import Decimal

from fund.applications.models import ApplicationBudgetLine, ApplicationTarget
from fund.awards.services.plan import budget_field
from fund.calls.outcomes import BudgetCategory, MeasureKind, MeasureUnit, OutcomeMeasure

#: The demo fund's kind of measures: (name, kind, unit, required).
MEASURES = [
    ("Victims and survivors supported", MeasureKind.NUMBER, MeasureUnit.PEOPLE, True),
    ("Professionals and volunteers trained", MeasureKind.NUMBER, MeasureUnit.PEOPLE, False),
    ("Case study", MeasureKind.TEXT, "", True),
]


def measures_add(call, measures=MEASURES) -> list[OutcomeMeasure]:
    """The call's outcome measures, in order."""
    return [
        OutcomeMeasure.objects.create(
            page=call,
            sort_order=index,
            name=name,
            kind=kind,
            unit=unit,
            required=required,
            definition=f"What counts as {name.lower()}.",
        )
        for index, (name, kind, unit, required) in enumerate(measures)
    ]


def proposal_add(application, *, targets=None, budget=None):
    """The applicant's proposal: ``targets`` {measure: number} and ``budget``
    {category: amount}, which should add up to the amount requested. It
    replaces the plan the application factory gave."""
    application.targets.all().delete()
    application.budget_lines.all().delete()
    for measure, target in (targets or {}).items():
        ApplicationTarget.objects.create(
            application=application,
            measure=measure,
            name=measure.name,
            unit=measure.unit,
            target=Decimal(str(target)),
        )
    for category, amount in (budget or {}).items():
        ApplicationBudgetLine.objects.create(
            application=application, category=category, amount=Decimal(str(amount))
        )
    return application


def budget_posted(amount, category="staff") -> dict:
    """The award form's budget fields with all of ``amount`` on one line, as
    a fund manager agreeing a smaller award than asked for might post it."""
    return {
        **{budget_field(each): "0" for each in BudgetCategory.values},
        budget_field(category): str(amount),
    }
