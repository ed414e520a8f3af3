"""The applications sent to the demo's closed call, each with a document,
targets for the call's measures and a budget."""

import datetime as dt
import hashlib
import random
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from fund.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    ApplicationTarget,
    District,
)
from fund.applications.questions import question_definitions
from fund.applications.services.sending import reference_allocate
from fund.applications.status import ApplicationStatus
from fund.management.demo.data import BUDGET_SHARES, MINIMAL_PDF, ORGANISATIONS, PROJECTS


def _document(application):
    """The accounts sent with an application."""
    document = ApplicationDocument(
        application=application,
        original_name="Latest accounts.pdf",
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
        sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
    )
    document.file.save("accounts.pdf", ContentFile(MINIMAL_PDF), save=False)
    document.save()


def _plan(application, measures, rng):
    """Targets in proportion to the amount asked for, and the amount split
    into budget lines (BUDGET_SHARES, "other" taking the rest)."""
    scale = application.amount_requested / 1000
    ApplicationTarget.objects.bulk_create(
        ApplicationTarget(
            application=application,
            measure=measure,
            name=measure.name,
            unit=measure.unit,
            target=Decimal(max(1, round(scale * rng.randint(2, 12)))),
        )
        for measure in measures
    )
    lines = {
        category: (application.amount_requested * share / 100).quantize(Decimal("1"))
        for category, share in BUDGET_SHARES.items()
    }
    lines["other"] = application.amount_requested - sum(lines.values())
    ApplicationBudgetLine.objects.bulk_create(
        ApplicationBudgetLine(application=application, category=category, amount=amount)
        for category, amount in lines.items()
        if amount
    )


def applications_make(call, fund):
    """One application from each demo organisation, sent before the call
    closed, once; demo applications made before bids had a plan get one."""
    rng = random.Random(2027)  # the same demo data on every machine
    plan_rng = random.Random(2028)  # its own, so the bids stay as they were
    measures = [measure for measure in call.outcome_measures.all() if measure.is_number]
    if Application.objects.filter(page=call).exists():
        for application in Application.objects.filter(page=call, budget_lines__isnull=True):
            _plan(application, measures, plan_rng)
        return
    definitions = question_definitions(call)
    districts = [d.value for d in District]
    times = sorted(
        call.closes_at - dt.timedelta(days=rng.randint(1, 60), hours=number)
        for number in range(len(ORGANISATIONS))
    )
    for number, (name, org_type, registration) in enumerate(ORGANISATIONS, start=1):
        submitted_at = times[number - 1]
        start = call.closes_at.date() + dt.timedelta(days=60)
        application = Application.objects.create(
            page=call,
            submission_token=uuid.uuid4(),
            status=ApplicationStatus.SUBMITTED,
            reference=reference_allocate(
                prefix=fund.reference_prefix, year=timezone.localtime(submitted_at).year
            ),
            organisation_name=name,
            organisation_type=org_type,
            registration_number=registration,
            address=f"{number} Mill Lane\nWest Yorkshire",
            postcode=f"LS{number} {number % 9 + 1}AB",
            contact_name=f"Sam Contact{number}",
            contact_email=f"contact{number}@example.org",
            contact_phone=f"011349600{number:02d}",
            project_title=PROJECTS[number % len(PROJECTS)],
            project_summary=(
                f"{name} will run {PROJECTS[number % len(PROJECTS)].lower()} for people "
                "who have been exploited, working with local partners and the police."
            ),
            amount_requested=Decimal(rng.randrange(500, 5001, 50)).quantize(Decimal("0.01")),
            planned_start=start,
            planned_end=start + dt.timedelta(days=365),
            districts=sorted(rng.sample(districts, rng.randint(1, 3))),
            form_data={
                definitions[0]["clean_name"]: "Survivors sit on our steering group.",
                definitions[1]["clean_name"]: "Yes",
                definitions[2]["clean_name"]: "Local police, the council and a housing provider.",
                definitions[3]["clean_name"]: None,
            },
            questions=definitions,
            submitted_at=submitted_at,
            acknowledged_at=submitted_at,
        )
        Application.objects.filter(pk=application.pk).update(submit_time=submitted_at)
        _document(application)
        _plan(application, measures, plan_rng)
