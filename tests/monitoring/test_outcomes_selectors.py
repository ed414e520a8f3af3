"""The sums behind the outcomes dashboard, the impact report and the public page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from fund.monitoring.models import ReportStatus
from fund.monitoring.selectors import outcomes, outcomes_published
from fund.monitoring.selectors.outcomes import FinancialYear, Scope
from tests.factories import AwardFactory
from tests.support.outcomes import CASE_STUDY, SESSIONS, SUPPORTED, add_grants, agree, report

pytestmark = pytest.mark.django_db


def by_name(totals):
    return {total.name: total for total in totals}


@pytest.fixture
def two_grants(open_call):
    """One grant in Leeds and Bradford that has reported twice, one in Wakefield once."""
    first = AwardFactory(call=open_call, paid=True, application__districts=["leeds", "bradford"])
    second = AwardFactory(call=open_call, accepted=True, application__districts=["wakefield"])
    for award in (first, second):
        agree(award)
    now = timezone.now()
    report(
        first,
        figures={SUPPORTED[0]: 4, SESSIONS[0]: 1},
        spends={"staff": 500},
        accepted_at=now - dt.timedelta(days=60),
    )
    report(
        first,
        figures={SUPPORTED[0]: 9, SESSIONS[0]: 3},
        spends={"staff": 1400, "venue": 450},
        accepted_at=now - dt.timedelta(days=5),
    )
    report(second, figures={SUPPORTED[0]: 2}, spends={"venue": 50})
    # Sent, not yet accepted: not counted.
    report(second, figures={SUPPORTED[0]: 50}, status=ReportStatus.SUBMITTED)
    return first, second


def test_achieved_is_each_grants_latest_accepted_figure_summed(two_grants, fund_page):
    totals = by_name(outcomes.measure_totals(scope=Scope(fund=fund_page)))

    supported = totals[SUPPORTED[0]]
    assert (supported.target, supported.achieved) == (Decimal("20"), Decimal("11"))
    assert (supported.grants, supported.reporting) == (2, 2)
    sessions = totals[SESSIONS[0]]
    assert (sessions.target, sessions.achieved, sessions.reporting) == (8, 3, 1)
    assert CASE_STUDY not in totals  # a text measure has no total


def test_a_final_report_supersedes_a_progress_report_accepted_later(open_call, fund_page):
    award = AwardFactory(call=open_call, accepted=True)
    agree(award)
    now = timezone.now()
    report(award, kind="final", figures={SUPPORTED[0]: 12}, accepted_at=now - dt.timedelta(days=9))
    report(award, figures={SUPPORTED[0]: 5}, accepted_at=now)

    totals = by_name(outcomes.measure_totals(scope=Scope(fund=fund_page)))

    assert totals[SUPPORTED[0]].achieved == 12


def test_a_grant_serving_two_districts_counts_in_each(two_grants, fund_page):
    leeds = by_name(outcomes.measure_totals(scope=Scope(fund=fund_page, district="leeds")))
    bradford = by_name(outcomes.measure_totals(scope=Scope(fund=fund_page, district="bradford")))
    wakefield = by_name(outcomes.measure_totals(scope=Scope(fund=fund_page, district="wakefield")))

    assert leeds[SUPPORTED[0]].achieved == bradford[SUPPORTED[0]].achieved == 9
    assert wakefield[SUPPORTED[0]].achieved == 2
    assert outcomes.measure_totals(scope=Scope(fund=fund_page, district="calderdale")) == []
    districts = dict(outcomes.measure_totals_by_district(scope=Scope(fund=fund_page)))
    assert set(districts) == {"Bradford", "Leeds", "Wakefield"}


def test_spend_against_plan_from_the_latest_accepted_report(two_grants, fund_page):
    budget = {line.category: line for line in outcomes.budget_totals(scope=Scope(fund=fund_page))}

    assert (budget["staff"].planned, budget["staff"].spent) == (Decimal("3000"), Decimal("1400"))
    assert (budget["venue"].planned, budget["venue"].spent) == (Decimal("1000"), Decimal("500"))
    assert budget["staff"].label == "Staff"


def test_money_awarded_paid_and_returned(two_grants, fund_page):
    money = outcomes.money_totals(scope=Scope(fund=fund_page))

    assert (money.grants, money.awarded, money.paid, money.returned) == (
        2,
        Decimal("8000.00"),
        Decimal("4000.00"),
        Decimal("0.00"),
    )


def test_late_reports_are_past_due_and_not_sent(two_grants, fund_page):
    first, second = two_grants
    first.reports.filter(kind="final").update(due_on=timezone.localdate() - dt.timedelta(days=1))
    second.reports.filter(kind="final").update(
        due_on=timezone.localdate() - dt.timedelta(days=1), status=ReportStatus.SUBMITTED
    )

    late = outcomes.late_reports(scope=Scope(fund=fund_page), today=timezone.localdate())

    # The second grant's final report was sent (a report waiting for review is not late).
    assert (late.count, late.grants) == (1, 1)
    assert late.first[0].award == first


def test_only_consented_case_studies_are_published(open_call, fund_page):
    award = AwardFactory(call=open_call, accepted=True)
    agree(award)
    report(award, case_study=("We helped a family find safety.", True))
    report(award, case_study=("A private story.", False))
    report(award, case_study=("Not yet accepted.", True), status=ReportStatus.SUBMITTED)

    studies = outcomes_published.case_studies(scope=Scope(fund=fund_page))

    assert [study.text for study in studies] == ["We helped a family find safety."]
    assert studies[0].organisation == award.application.organisation_name


def test_financial_year_takes_the_awards_decided_in_it(open_call, fund_page):
    award = AwardFactory(call=open_call)
    year = FinancialYear.parse("2026-27")
    assert (year.first_day, year.last_day, str(year)) == (
        dt.date(2026, 4, 1),
        dt.date(2027, 3, 31),
        "2026-27",
    )
    award.decided_at = dt.datetime(2027, 3, 31, 22, 30, tzinfo=dt.UTC)  # 23:30 BST, 31 March
    award.save()
    assert outcomes.money_totals(scope=Scope(fund=fund_page, year=year)).grants == 1
    award.decided_at = dt.datetime(2027, 3, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 BST, 1 April
    award.save()
    assert outcomes.money_totals(scope=Scope(fund=fund_page, year=year)).grants == 0


def test_many_grants_add_up(open_call, fund_page, manager):
    add_grants(open_call, 8, manager=manager)

    totals = by_name(outcomes.measure_totals(scope=Scope(fund=fund_page, call=open_call)))
    late = outcomes.late_reports(scope=Scope(fund=fund_page), today=timezone.localdate())

    assert (totals[SUPPORTED[0]].target, totals[SUPPORTED[0]].achieved) == (80, 24)
    assert late.count == 2
    assert len(outcomes_published.case_studies(scope=Scope(fund=fund_page))) == 4
