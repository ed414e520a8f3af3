"""What may be published of the grants in a scope (fund/monitoring/selectors/outcomes.py):
the organisations funded, and the case studies their authors consented to
publish. Nothing about people: no contact's name, e-mail, address or
telephone is read."""

from dataclasses import dataclass
from decimal import Decimal

from fund.applications.models import District
from fund.calls.outcomes import MeasureKind
from fund.monitoring.models import ReportFigure, ReportStatus
from fund.monitoring.selectors.outcomes import Scope, grants


@dataclass(frozen=True)
class FundedOrganisation:
    name: str
    project: str
    amount: Decimal
    districts: list[str]
    call: str


def organisations_funded(*, scope: Scope) -> list[FundedOrganisation]:
    """Every grant in the scope: the organisation, its project, the amount
    and the districts it serves (nothing about people). One query."""
    labels = dict(District.choices)
    rows = (
        grants(scope=scope)
        .order_by("application__organisation_name", "pk")
        .values_list(
            "application__organisation_name",
            "application__project_title",
            "amount",
            "application__districts",
            "application__page__title",
        )
    )
    return [
        FundedOrganisation(
            name=name,
            project=project,
            amount=amount,
            districts=[str(labels.get(key, key)) for key in (districts or [])],
            call=call,
        )
        for name, project, amount, districts, call in rows
    ]


@dataclass(frozen=True)
class CaseStudy:
    title: str  # the measure, e.g. "Case study"
    text: str
    organisation: str
    project: str


def case_studies(*, scope: Scope) -> list[CaseStudy]:
    """The text answers in accepted reports whose authors consented to
    publishing them, with the organisation and project they are about
    (already public on the grants awarded page). One query."""
    rows = (
        ReportFigure.objects.filter(
            report__award__in=grants(scope=scope).values("pk"),
            report__status=ReportStatus.ACCEPTED,
            target__kind=MeasureKind.TEXT,
            publish_consent=True,
        )
        .exclude(text="")
        .order_by("report__award__application__organisation_name", "report__accepted_at", "pk")
        .values_list(
            "target__name",
            "text",
            "report__award__application__organisation_name",
            "report__award__application__project_title",
        )
    )
    return [
        CaseStudy(title=title, text=text, organisation=organisation, project=project)
        for title, text, organisation, project in rows
    ]
