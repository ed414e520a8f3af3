"""After the offer is accepted, in a real browser: the fund manager ties an
instalment to the progress report, the reminder brings the grantee to write
it with an evidence file, the manager asks for a change, the grantee
corrects it, the manager accepts it, finance pays the instalment that waited
for it, and the Commissioner's impact report is made, downloaded and read. axe-core
(with WCAG 2.2's target size) checks every page on the way."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from fund.awards.models.awards import Payment
from fund.awards.services.payments import instalment_add, payment_record
from fund.calls.outcomes import ReportAnchor, ReportDue, ReportKind
from fund.monitoring.models import ReportStatus
from fund.monitoring.services.reminders import send_reminders
from tests.browser.applying import link
from tests.browser.test_journey import sign_in
from tests.factories import AwardFactory
from tests.factories.calls import MEASURES, make_call
from tests.support.applying import PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUPPORTED = "Victims and survivors supported"


def _accepted_grant(fund_page, manager, finance):
    """A call with outcome measures and a progress report halfway; an award
    of £4,000 accepted online, half of it paid and half in an instalment
    due at the progress report."""
    call = make_call(fund_page, slug="monitored", measures=MEASURES)
    ReportDue.objects.create(page=call, kind=ReportKind.PROGRESS, anchor=ReportAnchor.MIDDLE)
    ReportDue.objects.create(
        page=call, kind=ReportKind.FINAL, anchor=ReportAnchor.END, months_after=3
    )
    award = AwardFactory(call=call, accepted=True, application__contact_email="ann@example.org")
    today = award.period_start
    instalment_add(award=award, due_on=today, amount="2000", by=manager)
    instalment_add(award=award, due_on=today + dt.timedelta(days=90), amount="2000", by=manager)
    payment_record(
        award=award, paid_on=timezone.localdate(), amount="2000", bacs_reference="SCF1", by=finance
    )
    return award


def _tie_the_instalment(office, journey, award):
    office.goto(reverse("awards:inspect", args=[award.pk]))
    journey.check(office, "award-with-reports")
    office.get_by_role("link", name="Tie instalment to the progress report").click()
    journey.check(office, "tie-instalment")
    office.get_by_label("Instalment that waits for this report").select_option(index=2)
    office.get_by_role("button", name="Save").click()
    progress = award.reports.get(kind=ReportKind.PROGRESS)
    assert progress.instalment.amount == Decimal("2000.00")
    return progress


def _report_from_the_reminder(new_page, journey, progress, tmp_path):
    """The reminder's link, the status page, the report with evidence, sent."""
    mail.outbox.clear()
    assert send_reminders(today=progress.due_on - dt.timedelta(days=14))["report_soon"] == 1
    [reminder] = [m for m in mail.outbox if m.to == [progress.award.application.contact_email]]
    grantee = new_page()
    grantee.goto(link(reminder, "view"))
    grantee.get_by_role("button", name="See your application").click()
    journey.check(grantee, "status-with-reports")
    grantee.get_by_role("link", name="Write your report (progress report)").click()
    journey.check(grantee, "report-form")
    grantee.get_by_label(SUPPORTED).fill("12")
    grantee.get_by_label("Case study").fill("A woman we supported now lives safely.")
    grantee.get_by_label("You may publish this").check()
    grantee.get_by_label("Staff").fill("1,500")
    grantee.get_by_label("What changed because of the grant").fill("A safe place each week.")
    evidence = tmp_path / "attendance.pdf"
    evidence.write_bytes(PDF_BYTES)
    grantee.get_by_label("Evidence").set_input_files(str(evidence))
    grantee.get_by_role("button", name="Continue").click()
    grantee.wait_for_url("**/check/")
    journey.check(grantee, "report-check")
    grantee.get_by_role("button", name="Send your report").click()
    grantee.wait_for_url("**/sent/")
    journey.check(grantee, "report-sent")
    progress.refresh_from_db()
    assert progress.status == ReportStatus.SUBMITTED
    assert progress.evidence.get().original_name == "attendance.pdf"
    return grantee


def _ask_for_a_change(office, journey, progress):
    office.goto(reverse("grant_reports:index"))
    journey.check(office, "grant-reports")
    office.goto(reverse("grant_reports:inspect", args=[progress.pk]))
    journey.check(office, "report-inspect")
    assert "attendance.pdf" in office.content()
    office.get_by_role("link", name="Ask for changes").click()
    journey.check(office, "report-changes")
    office.get_by_label("What the grantee should change").fill(
        "Count only the people supported for four weeks or more."
    )
    office.get_by_role("button", name="Send it back for changes").click()
    progress.refresh_from_db()
    assert progress.status == ReportStatus.CHANGES


def _correct_the_report(grantee, journey, progress):
    grantee.goto(reverse("fund_status"))
    assert "four weeks or more" in grantee.content()
    journey.check(grantee, "status-changes-asked")
    grantee.get_by_role("link", name="Correct your report (progress report)").click()
    grantee.get_by_label(SUPPORTED).fill("9")
    grantee.get_by_role("button", name="Continue").click()
    grantee.wait_for_url("**/check/")
    grantee.get_by_role("button", name="Send your report").click()
    grantee.wait_for_url("**/sent/")
    progress.refresh_from_db()
    assert progress.status == ReportStatus.SUBMITTED
    assert progress.figures.get(target__name=SUPPORTED).achieved == 9


def _pay_what_waited(new_page, journey, finance, award):
    books = new_page()
    sign_in(books, finance, journey, "finance")
    books.goto(reverse("awards:payment", args=[award.pk]))
    journey.check(books, "payment-form")
    books.get_by_label("Amount paid (£)").fill("2000")
    books.get_by_label("BACS reference").fill("SCF2")
    books.get_by_role("button", name="Record the payment").click()
    books.wait_for_url(f"**/awards/inspect/{award.pk}/")
    assert Payment.objects.filter(award=award, bacs_reference="SCF2").exists()
    return books


def test_from_an_accepted_offer_to_the_commissioners_report(
    new_page, journey, fund_page, manager, finance, tmp_path
):
    award = _accepted_grant(fund_page, manager, finance)
    office = new_page()
    sign_in(office, manager, journey, "manager")
    progress = _tie_the_instalment(office, journey, award)
    grantee = _report_from_the_reminder(new_page, journey, progress, tmp_path)
    _ask_for_a_change(office, journey, progress)
    _correct_the_report(grantee, journey, progress)

    office.goto(reverse("grant_reports:inspect", args=[progress.pk]))
    office.get_by_role("button", name="Accept the report").click()
    progress.refresh_from_db()
    assert progress.status == ReportStatus.ACCEPTED

    books = _pay_what_waited(new_page, journey, finance, award)
    books.goto(reverse("fund_outcomes"))
    journey.check(books, "outcomes-dashboard")
    books.get_by_role("button", name="Make the impact report").click()
    # Made by the task as the request commits (the ImmediateBackend here).
    ready = books.get_by_role("link", name=re.compile("download the impact report for 2026-27"))
    ready.wait_for()
    journey.check(books, "outcomes-impact-report-made")
    with books.expect_download() as download:
        ready.click()
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert award.application.organisation_name in text
    assert "A woman we supported now lives safely." in text  # consented
    assert "/StructTreeRoot" in reader.trailer["/Root"]
