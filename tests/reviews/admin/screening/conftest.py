"""The fixtures of tests/reviews/admin/screening.

The fund manager screens applications, assigns the grant panel (one
application at a time or several from the listing), reads every review on the
application's page and reopens a review, in the Wagtail admin.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from fund.calls.models import ScoringCriterion
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from fund.reviews.services.screening import application_screen
from tests.factories import ApplicationFactory, UserFactory
from tests.reviews.admin.screening.helpers import submit_review


@pytest.fixture
def call(open_call):
    """Two criteria: "Need and evidence" (weight 30, out of 5) from make_call
    and "Partnership" (weight 20, out of 5)."""
    ScoringCriterion.objects.create(
        page=open_call, sort_order=1, name="Partnership", weight=20, maximum_score=5
    )
    return open_call


@pytest.fixture
def application(call):
    return ApplicationFactory(
        page=call,
        reference="SCF-2026-0101",
        organisation_name="Aire Valley Freedom Project",
        amount_requested=Decimal("2500.00"),
    )


@pytest.fixture
def eligible(application, manager):
    return application_screen(application=application, eligible=True, by=manager)


@pytest.fixture
def panel(db):
    """panel("Priya", "Shah") -> an active member of the grant panel."""

    def make(first_name, last_name, **fields):
        user = UserFactory(first_name=first_name, last_name=last_name, **fields)
        user.groups.add(Group.objects.get(name="Grant panel"))
        return user

    return make


@pytest.fixture
def reviewed(eligible, manager, panel):
    """Two submitted reviews far apart (80.0% and 28.0%) and a declared conflict."""
    priya, tom, jo = panel("Priya", "Shah"), panel("Tom", "Okafor"), panel("Jo", "Bell")
    first = submit_review(
        eligible,
        priya,
        manager,
        need=4,
        partnership=None,
        need_comment="Strong evidence from the local survivor forum.",
        comment="A well-run group.",
        recommendation="fund_full",
    )
    second = submit_review(
        eligible,
        tom,
        manager,
        need=1,
        partnership=2,
        comment="Costs are unclear.",
        recommendation="fund_part",
        suggested_amount=Decimal("1500.00"),
    )
    conflicted = reviewer_assign(application=eligible, reviewer=jo, by=manager)
    conflict_declare(
        assignment=conflicted, has_conflict=True, description="I chair their board.", by=jo
    )
    return {"application": eligible, "reviews": [first, second]}
