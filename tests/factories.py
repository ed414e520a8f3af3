import datetime as dt
import uuid
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from fund.applications.models import Application
from fund.applications.status import ApplicationStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application, made directly (the submit service is tested on its own)."""

    class Meta:
        model = Application

    page = None  # pass the call
    submission_token = factory.LazyFunction(uuid.uuid4)
    status = ApplicationStatus.SUBMITTED
    reference = factory.Sequence(lambda n: f"SCF-2026-{n + 1:04d}")
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
