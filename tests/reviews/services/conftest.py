"""The fixtures of tests/reviews/services.

The grant panel's rules, at the service layer: screening, assignment,
conflicts, reviews, reopening, and the status they move the application through.
"""

from decimal import Decimal

import pytest

from fund.calls.models import CallPage, ScoringCriterion
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory


@pytest.fixture
def call(open_call):
    # Four criteria as the Safer Communities Fund scores them.
    ScoringCriterion.objects.filter(page=open_call).delete()
    for order, (name, weight) in enumerate(
        [("Need", 30), ("Outcomes", 30), ("Partnership", 20), ("Value", 20)]
    ):
        ScoringCriterion.objects.create(
            page=open_call, sort_order=order, name=name, weight=weight, maximum_score=5
        )
    return CallPage.objects.get(pk=open_call.pk)


@pytest.fixture
def application(call):
    return ApplicationFactory(page=call, amount_requested=Decimal("4000.00"))


@pytest.fixture
def eligible(application, manager):
    return application_screen(application=application, eligible=True, by=manager)


@pytest.fixture
def reviewers(role_user):
    return [role_user("Grant panel") for _ in range(3)]
