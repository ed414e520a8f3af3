"""Property-based: hostile and generated answers to the grantee's report
never give a 500, and a report is sent only whole (every required measure
answered and every budget line's spend given, none below zero)."""

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import given

from fund.monitoring.models import ReportStatus
from tests.security.property_support import (
    apply_overrides,
    choice,
    hostile_text,
    numbers,
    overrides,
    post,
)
from tests.support.reporting import answers, field, final_report, grantee, report_url
from tests.support.reporting import reporting_award as make_award

pytestmark = [pytest.mark.django_db]

CHANGES = overrides(
    supported=numbers,
    trained=numbers,
    case_study=hostile_text,
    consent=choice(["on", "", "true"]),
    staff=numbers,
    venue=numbers,
    what_changed=hostile_text,
    not_to_plan=hostile_text,
    action=choice(["save", "continue"]),
)


@pytest.fixture
def award(open_call):
    return make_award(open_call)


@given(changes=CHANGES)
def test_hostile_answers_never_fail_and_a_report_is_sent_only_whole(award, changes):
    names = {
        "supported": field(award, "figure", "Victims and survivors supported"),
        "trained": field(award, "figure", "Professionals trained"),
        "case_study": field(award, "text", "Case study"),
        "consent": field(award, "consent", "Case study"),
        "staff": field(award, "spend", "staff"),
        "venue": field(award, "spend", "venue"),
    }
    data = apply_overrides(answers(award), {names.get(k, k): v for k, v in changes.items()})
    report = final_report(award)
    with transaction.atomic():
        cache.clear()
        browser = grantee(award)
        post(browser, report_url(report), data, "the grantee")
        post(browser, report_url(report, "check"), {}, "the grantee")
        report.refresh_from_db()
        if report.status == ReportStatus.SUBMITTED:
            spends = list(report.spends.all())
            assert len(spends) == 2 and all(s.spent >= 0 for s in spends)
            given_targets = {f.target.name for f in report.figures.all()}
            assert {"Victims and survivors supported", "Case study"} <= given_targets
            assert all(f.achieved is None or f.achieved >= 0 for f in report.figures.all())
        transaction.set_rollback(True)
