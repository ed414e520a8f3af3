"""Applications. Made directly as submitted by default (the submit service
is tested on its own); the traits send a draft through the services instead:
``submitted``, ``screened`` (found eligible), ``in_review`` (one panel member
assigned, clear of conflicts) and ``reviewed`` (their review submitted).
``manager`` and ``reviewer`` say who acts; new staff are made if not given.
Each has a plan as the form leaves one: its whole amount on the staff budget
line and a target of 10 for each of the call's numeric measures (``plan=False``
for none).
"""

import datetime as dt
import uuid
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from fund.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    ApplicationTarget,
)
from fund.applications.services.sending import application_submit
from fund.applications.status import ApplicationStatus
from fund.calls.outcomes import BudgetCategory, MeasureKind, OutcomeMeasure
from fund.reviews.services.screening import application_screen
from tests.factories.people import MANAGERS, PANEL, staff
from tests.factories.reviews import ReviewAssignmentFactory, ReviewFactory
from tests.support.applying import PDF_BYTES

#: The stages the traits reach, in the order the services reach them.
STAGES = ("submitted", "screened", "in_review", "reviewed")


def _answers(call):
    """An answer to each of the call's written questions."""
    return {
        field.clean_name: "Survivors sit on our steering group."
        for field in call.specific.get_form_fields()
        if field.field_type != "file"
    }


def _propose(application):
    """The plan the form leaves (two queries, three with measures)."""
    if application.amount_requested:
        ApplicationBudgetLine.objects.create(
            application=application,
            category=BudgetCategory.STAFF,
            amount=application.amount_requested,
        )
    ApplicationTarget.objects.bulk_create(
        ApplicationTarget(
            application=application,
            measure=measure,
            name=measure.name,
            unit=measure.unit,
            target=Decimal("10"),
        )
        for measure in OutcomeMeasure.objects.filter(
            page_id=application.page_id, kind=MeasureKind.NUMBER
        )
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    class Params:
        submitted = factory.Trait(stage="submitted")
        screened = factory.Trait(stage="screened")
        in_review = factory.Trait(stage="in_review")
        reviewed = factory.Trait(stage="reviewed")

    page = None  # pass the call
    submission_token = factory.LazyFunction(uuid.uuid4)
    status = ApplicationStatus.SUBMITTED
    # Never one the submit service gives (it counts from 0001 each year and
    # fund) nor one a test writes out: these run from SCF-2026-50000 up.
    reference = factory.Sequence(lambda n: f"SCF-2026-{50000 + n}")
    organisation_name = factory.Sequence(lambda n: f"Example Community Group {n}")
    organisation_type = "unregistered"
    address = "1 Mill Lane\nLeeds"
    postcode = "LS1 2AB"
    contact_name = "Sam Example"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    contact_phone = "01134960000"
    project_title = "Drop-in advice"
    project_summary = "Advice for people leaving exploitation."
    amount_requested = Decimal("2500.00")
    planned_start = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    planned_end = factory.LazyAttribute(lambda a: a.planned_start + dt.timedelta(days=365))
    districts = factory.LazyFunction(lambda: ["leeds"])
    form_data = factory.LazyFunction(dict)
    questions = factory.LazyFunction(list)
    submitted_at = factory.LazyFunction(timezone.now)
    # Read by _create, never saved: how far the services take the application.
    stage = None
    manager = None
    reviewer = None
    plan = True

    @classmethod
    def _create(
        cls, model_class, *args, stage=None, manager=None, reviewer=None, plan=True, **fields
    ):
        if stage is None:
            application = super()._create(model_class, *args, **fields)
            if plan:
                _propose(application)
            return application
        fields.update(status=ApplicationStatus.DRAFT, reference=None, submitted_at=None)
        fields["form_data"] = {**_answers(fields["page"]), **fields["form_data"]}
        draft = super()._create(model_class, *args, **fields)
        if plan:
            _propose(draft)
        return cls._advance(draft, STAGES[: STAGES.index(stage) + 1], manager, reviewer)

    @staticmethod
    def _advance(application, stages, manager, reviewer):
        application = application_submit(application=application)
        if len(stages) > 1 and manager is None:
            manager = staff(MANAGERS)
        if "screened" in stages:
            application = application_screen(application=application, eligible=True, by=manager)
        if "in_review" in stages:
            assignment = ReviewAssignmentFactory(
                application=application, reviewer=reviewer or staff(PANEL), by=manager
            )
            application = assignment.application
        if "reviewed" in stages:
            ReviewFactory(assignment=assignment)
            application.refresh_from_db()
        return application


def make_document(application, name="accounts.pdf", content=PDF_BYTES):
    """A PDF stored with ``application``, as the upload service leaves one
    (written directly: the upload checks are tested on their own)."""
    document = ApplicationDocument(
        application=application,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256="0" * 64,
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document
