"""A final report that spends less than was paid: the grantee is told how
much to give back and how, and finance what to expect."""

import pytest

from fund.core.outbox import QueuedEmail
from tests.support.reporting import answers, final_report, grantee, report_url, reporting_award

pytestmark = pytest.mark.django_db


def test_unspent_money_is_offered_back_and_finance_told(open_call, finance):
    award = reporting_award(open_call, paid=True)  # £4,000 paid; the report spends £3,400
    report = final_report(award)
    browser = grantee(award)
    browser.post(report_url(report), answers(award))
    browser.post(report_url(report, "check"))
    page = browser.get(report_url(report, "sent")).content.decode()
    assert "Money not spent" in page
    assert "<strong>£600.00</strong> not spent" in page
    assert "bank transfer" in page and award.application.reference in page
    receipt = QueuedEmail.objects.get(kind="report_receipt")
    assert "£600.00 not spent" in receipt.body
    expected = QueuedEmail.objects.get(kind="report_unspent", to=finance.email)
    assert "£600.00" in expected.subject and "we expect £600.00 back" in expected.body


def test_a_progress_report_or_a_report_that_spends_it_all_offers_nothing_back(open_call):
    award = reporting_award(open_call, paid=True)
    report = final_report(award)
    browser = grantee(award)
    spent_all = answers(award)
    spent_all[f"spend_{award.budget_lines.get(category='venue').pk}"] = "1500"
    browser.post(report_url(report), spent_all)
    browser.post(report_url(report, "check"))
    assert "Money not spent" not in browser.get(report_url(report, "sent")).content.decode()
    assert not QueuedEmail.objects.filter(kind="report_unspent").exists()
