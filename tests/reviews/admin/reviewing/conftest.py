"""The fixtures of tests/reviews/admin/reviewing.

A grant panel member reviews the applications assigned to them in the
Wagtail admin: the dashboard panel, "Your reviews", the conflict-of-interest
declaration and the review form, with blind scoring.
"""

import pytest

from fund.calls.models import ScoringCriterion
from fund.reviews.services.assignment import reviewer_assign
from fund.reviews.services.reviewing import conflict_declare
from tests.factories import make_document
from tests.reviews.admin.reviewing.helpers import (
    ORGANISATION,
    VALUE_WORDS,
    make_application,
)


@pytest.fixture
def application(open_call):
    return make_application(open_call, reference="SCF-2026-0042", organisation_name=ORGANISATION)


@pytest.fixture
def document(application):
    return make_document(application)


@pytest.fixture
def assignment(application, panel_member, manager):
    return reviewer_assign(application=application, reviewer=panel_member, by=manager)


@pytest.fixture
def no_conflict(assignment, panel_member):
    return conflict_declare(assignment=assignment, has_conflict=False, by=panel_member)


@pytest.fixture
def other_member(role_user):
    member = role_user("Grant panel")
    member.first_name, member.last_name = "Priya", "Shah"
    member.save()
    return member


@pytest.fixture
def second_criterion(open_call):
    """With "Need and evidence" (weight 30, out of 5) from conftest."""
    return ScoringCriterion.objects.create(
        page=open_call,
        sort_order=1,
        name="Value for money",
        weight=40,
        maximum_score=10,
        score_descriptors="\n".join(f"{n} — {VALUE_WORDS[n]}" for n in range(11)),
    )
