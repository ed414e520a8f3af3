"""The grantee writes and sends a final report in a real browser, on a
375 px phone and on a laptop, with axe-core on every page."""

import re

import pytest
from django.urls import reverse

from fund.applications import access
from fund.monitoring.models import ReportStatus
from tests.browser import conftest as browser_fixtures
from tests.browser.applying import fits
from tests.support.applying import PDF_BYTES
from tests.support.reporting import final_report, reporting_award

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The real-browser fixtures of tests/browser/ (Chromium, the live server's
# pages, screenshots with axe), for this folder's journey.
browser = browser_fixtures.browser
new_page = browser_fixtures.new_page
journey = browser_fixtures.journey

PHONE_375 = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("device", ["phone", "laptop"])
def test_a_grantee_writes_checks_and_sends_a_report(
    device, request, open_call, manager, finance, tmp_path
):
    make_page, steps = request.getfixturevalue("new_page"), request.getfixturevalue("journey")
    award = reporting_award(open_call, paid=True)
    report = final_report(award)
    page = make_page(**(PHONE_375 if device == "phone" else LAPTOP))
    page.goto(
        reverse("fund_status_open", args=[access.make_token(award.application, "fund.status")])
    )
    page.get_by_role("button", name="See your application").click()
    page.wait_for_url("**/apply/status/")
    steps.check(page, "status-with-reports")
    assert fits(page)
    page.get_by_role("link", name=re.compile("Write your report")).click()
    steps.check(page, "report-form")
    assert fits(page)

    page.get_by_label("Victims and survivors supported").fill("30")
    page.get_by_role("button", name="Continue").click()
    assert "There is a problem" in page.locator(".error-summary").inner_text()
    steps.check(page, "report-with-errors")
    page.get_by_label("Professionals trained").fill("10")
    page.get_by_label("Case study").fill("A woman we supported is now in safe work.")
    page.get_by_label("You may publish this").check()
    page.get_by_label("Staff").fill("2,500")
    page.get_by_label("Venue").fill("900")
    page.get_by_label("What changed because of the grant").fill("A safe place each week.")
    evidence = tmp_path / "register.pdf"
    evidence.write_bytes(PDF_BYTES)
    page.get_by_label("Evidence").set_input_files(str(evidence))
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url("**/check/")
    steps.check(page, "report-check")
    assert fits(page)
    page.get_by_role("button", name="Send your report").click()
    page.wait_for_url("**/sent/")
    steps.check(page, "report-sent")
    assert "£600.00" in page.locator("main").inner_text()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page.get_by_role("link", name="Go back to your application").click()
    steps.check(page, "status-after-sending")
