"""Property-based: the panel's review page (declaration, scoring, late
conflict) never fails with a 500."""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from fund.reviews.models import Recommendation
from tests.security.property_forms.helpers import changed, login_as, redirected_away
from tests.security.property_support import (
    apply_overrides,
    choice,
    hostile_text,
    numbers,
    overrides,
    run_example,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def review_saved(before, after, response):
    """A draft may be saved without an audit entry; a submitted review or a
    declared conflict has one."""
    assert (
        after["reviews"] != before["reviews"]
        or after["scores"] != before["scores"]
        or (after["assignments"] != before["assignments"])
    ), "nothing saved"
    submitted = {row[0] for row in after["reviews"] if row[1] == "submitted"}
    if submitted != {row[0] for row in before["reviews"] if row[1] == "submitted"} or (
        after["assignments"] != before["assignments"]
    ):
        assert after["audit entries"] > before["audit entries"], "no audit entry"


def review_data(w):
    criterion = w["criterion"].pk
    return {
        f"criterion_{criterion}": "3",
        f"criterion_{criterion}_comment": "Clear evidence of need.",
        "comment": "A good bid.",
        "recommendation": "fund_full",
        "suggested_amount": "",
        "action": "submit",
    }


review_changes = overrides(
    score=st.one_of(st.sampled_from(["0", "5", "6", "-1", "", "3.0", "\uff13"]), numbers),
    na=choice(["on", "", "off", "true"]),
    criterion_comment=hostile_text,
    comment=hostile_text,
    recommendation=choice(Recommendation.values),
    suggested_amount=numbers,
    action=choice(["save", "submit", "declare_conflict"]),
    late_conflict=choice(["yes", "no"]),
    late_description=hostile_text,
)


REVIEW_NAMES = {
    "score": "criterion_{id}",
    "na": "criterion_{id}_na",
    "criterion_comment": "criterion_{id}_comment",
    "late_conflict": "conflict-has_conflict",
    "late_description": "conflict-description",
}


@given(
    role=st.sampled_from(["panel member", "second", "manager", "anonymous"]),
    changes=review_changes,
)
@example(role="panel member", changes={})
@example(role="panel member", changes={"action": "save", "recommendation": "fund_part"})
def test_review_save_and_submit_never_fail(world, role, changes):
    criterion = world["criterion"].pk
    renamed = {REVIEW_NAMES.get(k, k).format(id=criterion): v for k, v in changes.items()}
    response = run_example(
        url=reverse("fund_reviews:review", args=[world["scoring"].pk]),
        data=apply_overrides(review_data(world), renamed),
        who=role,
        login=login_as(world["users"][role]),
        succeeded=redirected_away,
        check=review_saved,
    )
    if role != "panel member":
        assert not redirected_away(response), f"{role} was let through"


@given(
    role=st.sampled_from(["panel member", "second", "manager", "anonymous"]),
    changes=overrides(has_conflict=choice(["yes", "no"]), description=hostile_text),
)
@example(role="panel member", changes={})
@example(role="panel member", changes={"has_conflict": "yes", "description": "My sister."})
def test_conflict_declaration_never_fails(world, role, changes):
    response = run_example(
        url=reverse("fund_reviews:review", args=[world["undeclared"].pk]),
        data=apply_overrides({"has_conflict": "no", "description": ""}, changes),
        who=role,
        login=login_as(world["users"][role]),
        succeeded=redirected_away,
        check=changed("assignments"),
    )
    if role != "panel member":
        assert not redirected_away(response)
