"""Property-based: every admin form, posted with generated values as any role,
never fails with a 500 and saves nothing half-way."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from fund.applications.status import DeclineReason, IneligibleReason
from fund.awards.models.awards import ReturnReason
from tests.security.helpers import editor_value
from tests.security.property_forms.helpers import (
    CONDITIONS,
    ROLES,
    changed,
    login_as,
    redirected_away,
)
from tests.security.property_support import (
    KEEP,
    apply_overrides,
    choice,
    dates,
    hostile_text,
    numbers,
    overrides,
    run_example,
)
from tests.support.states import DECIDE_NOW

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


#: The object's number in the URL: kept, or one that is not there (nor fits a column).
PKS = st.one_of(st.just(KEEP), st.just(KEEP), st.sampled_from([0, 2**31, 2**63, 10**30]))


#: What Wagtail's rich text editor posts for hostile HTML (made once: the
#: editor picks random block keys, which a strategy may not).
EDITOR_POSTS = [
    editor_value(html)
    for html in [
        "<p></p>",
        "<p>\x00</p>",
        "<script>alert(1)</script>",
        '<p><a href="javascript:alert(1)">x</a></p>',
        "<ul>" + "<li>x</li>" * 300 + "</ul>",
        "<p>" + "\u202e" * 3 + "x" * 20_000 + "</p>",
        "<h2>=cmd|' /C calc'!A0</h2>",
    ]
]


conditions = st.one_of(hostile_text, st.sampled_from(EDITOR_POSTS))


def committed_moved_with_ledger(before, after):
    (before_fund,), (after_fund,) = before["committed"], after["committed"]
    new = set(after["ledger"]) - set(before["ledger"])
    assert after_fund[1] - before_fund[1] == sum(amount for _pk, amount in new)


def today():
    return timezone.localdate().strftime("%d/%m/%Y")


#: name -> (URL name, object, valid post, changes to it, who may, what an accepted post changes)
ADMIN_FORMS = {
    "screening": (
        "applications:screen",
        lambda w: w["submitted"],
        lambda w: {"decision": "ineligible", "reason": "other", "note": "Outside our area."},
        overrides(
            decision=choice(["eligible", "ineligible"]),
            reason=choice(IneligibleReason.values),
            note=hostile_text,
        ),
        {"manager", "administrator"},
        changed("applications"),
    ),
    "assign reviewers": (
        "applications:assign",
        lambda w: w["scoring_app"],
        lambda w: {"reviewers": [str(w["users"]["third"].pk)]},
        overrides(reviewers=st.one_of(st.sampled_from(["0", "-1", "1e3", "9" * 30]), hostile_text)),
        {"manager", "administrator"},
        changed("assignments"),
    ),
    "review reopen": (
        "applications:reopen_review",
        lambda w: w["their_review"],
        lambda w: {"reason": "Check the budget score."},
        overrides(reason=hostile_text),
        {"manager", "administrator"},
        changed("reviews"),
    ),
    "award": (
        "applications:award",
        lambda w: w["reviewed"],
        lambda w: {
            **DECIDE_NOW,
            "amount": "4000",
            "conditions": editor_value(CONDITIONS),
            "public_reason": "Helps survivors recover.",
        },
        overrides(amount=numbers, conditions=conditions, public_reason=hostile_text),
        {"manager", "administrator"},
        changed("awards", "ledger", "committed", by=committed_moved_with_ledger),
    ),
    "decline": (
        "applications:decline",
        lambda w: w["reviewed"],
        lambda w: {**DECIDE_NOW, "reason": "score", "feedback": "Below the funding line."},
        overrides(reason=choice(DeclineReason.values), feedback=hostile_text),
        {"manager", "administrator"},
        changed("applications"),
    ),
    "award withdraw": (
        "awards:withdraw",
        lambda w: w["accepted"],
        lambda w: {"reason": "The project did not start."},
        overrides(reason=hostile_text),
        {"manager", "administrator"},
        changed("awards", "ledger", "committed", by=committed_moved_with_ledger),
    ),
    "record acceptance": (
        "awards:accept",
        lambda w: w["offered"],
        lambda w: {"name": "Lee Example", "position": "Chair"},
        overrides(name=hostile_text, position=hostile_text),
        {"manager", "administrator"},
        changed("awards"),
    ),
    "payment": (
        "awards:payment",
        lambda w: w["accepted"],
        lambda w: {"paid_on": today(), "amount": "500", "bacs_reference": "PAY2"},
        overrides(paid_on=dates, amount=numbers, bacs_reference=hostile_text),
        {"finance", "administrator"},
        changed("payments"),
    ),
    "instalment": (
        "awards:instalment",
        lambda w: w["offered"],
        lambda w: {"due_on": "1/6/2027", "amount": "500"},
        overrides(due_on=dates, amount=numbers),
        {"finance", "manager", "administrator"},
        changed("instalments"),
    ),
    "returned money": (
        "awards:return",
        lambda w: w["accepted"],
        lambda w: {"received_on": today(), "amount": "100", "reason": "underspend", "note": ""},
        overrides(
            received_on=dates,
            amount=numbers,
            reason=choice(ReturnReason.values),
            note=hostile_text,
        ),
        {"finance", "administrator"},
        changed("returns", "ledger", "committed", by=committed_moved_with_ledger),
    ),
    "letter reissue": (
        "awards:reissue_letter",
        lambda w: w["offered"],
        lambda w: {"reason": "The address changed."},
        overrides(reason=hostile_text),
        {"finance", "manager", "administrator"},
        changed("letters"),
    ),
    "award complete": (
        "awards:complete",
        lambda w: w["accepted"],  # not fully paid: the service refuses, in words
        lambda w: {},
        overrides(note=hostile_text),
        set(),
        changed("awards"),
    ),
    "letter retry": (
        "awards:letter_retry",
        lambda w: w["offered"].letters.get(),  # not failed: the view refuses, in words
        lambda w: {},
        overrides(confirm=hostile_text),
        set(),
        changed("letters"),
    ),
    "two-factor reset": (
        "fund_two_factor_reset",
        lambda w: w["users"]["target"],
        lambda w: {},
        overrides(confirm=hostile_text),
        {"administrator"},
        changed("audit entries"),
    ),
}


def admin_form_test(name):
    url_name, target, valid, changes_strategy, allowed, check = ADMIN_FORMS[name]

    # Half the time a role that may post it, so the accepted path is searched too.
    roles = (
        st.one_of(st.sampled_from(sorted(allowed)), st.sampled_from(ROLES))
        if allowed
        else st.sampled_from(ROLES)
    )

    @given(role=roles, changes=changes_strategy, pk=PKS)
    @example(role=sorted(allowed)[0] if allowed else "manager", changes={}, pk=KEEP)
    def test(world, role, changes, pk):
        number = target(world).pk if pk == KEEP else pk
        response = run_example(
            url=reverse(url_name, args=[number]),
            data=apply_overrides(valid(world), changes),
            who=role,
            login=login_as(world["users"][role]),
            succeeded=redirected_away,
            check=check,
        )
        if role not in allowed or pk != KEEP:
            assert not redirected_away(response), f"{role} was let through"

    test.__name__ = f"test_{name.replace(' ', '_').replace('-', '_')}_never_fails"
    test.__doc__ = f"{name}: never a 500, nothing half-saved, as any role."
    return test


for _name in ADMIN_FORMS:
    _test = admin_form_test(_name)
    globals()[_test.__name__] = _test
