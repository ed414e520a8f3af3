"""The grantee reports through the private status link: the status page
lists the grant's reports, the report is saved and resumed, checked, sent,
and then read only; nobody else's link reaches it."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from fund.core.outbox import QueuedEmail
from fund.monitoring.models import ReportFigure, ReportSpend, ReportStatus
from tests.factories import AwardFactory
from tests.support.applying import executable, pdf
from tests.support.reporting import (
    answers,
    field,
    final_report,
    grantee,
    progress_report,
    report_url,
    reporting_award,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(open_call):
    return reporting_award(open_call)


@pytest.fixture
def report(award):
    return final_report(award)


def test_status_page_lists_the_reports_with_a_link_to_write_each(award, report):
    progress = progress_report(award)
    page = grantee(award).get("/apply/status/").content.decode()
    assert "Your reports" in page
    assert "Final report" in page and "Progress report" in page
    assert page.count("Write your report") == 2
    assert report_url(report) in page and report_url(progress) in page


def test_an_offer_not_yet_accepted_lists_no_reports_and_opens_none(open_call):
    offered = AwardFactory(call=open_call)
    browser = grantee(offered)
    assert "Your reports" not in browser.get("/apply/status/").content.decode()
    assert browser.get(report_url(final_report(offered))).status_code == 404


def test_the_form_shows_each_target_and_budget_line_against_the_plan(award, report):
    page = grantee(award).get(report_url(report)).content.decode()
    assert "Victims and survivors supported" in page
    assert "Agreed target: 40 people." in page
    assert "What counts for victims and survivors supported." in page
    assert "Planned: £3,000.00" in page
    assert "You may publish this" in page
    assert "Do not name anyone you support" in page


def test_save_and_return_keeps_the_answers_as_typed(award, report):
    browser = grantee(award)
    response = browser.post(report_url(report), answers(award, action="save"))
    assert response.status_code == 302
    assert response["Location"] == reverse("fund_report_saved", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.draft_data[field(award, "spend", "staff")] == "£2,500"
    assert "Your report has been saved" in browser.get(response["Location"]).content.decode()
    # Next time, in a new browser through the link, the answers are there.
    again = grantee(award)
    page = again.get(report_url(report)).content.decode()
    assert "£2,500" in page and "Survivors had somewhere safe to go each week." in page
    assert "Continue" in again.get("/apply/status/").content.decode()


def test_a_final_report_names_each_required_answer_left_out(award, report):
    data = answers(
        award,
        **{
            field(award, "figure", "Victims and survivors supported"): "",
            field(award, "spend", "venue"): "",
            "what_changed": "",
        },
    )
    response = grantee(award).post(report_url(report), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert (
        "Enter the figure so far for “Victims and survivors supported”. Enter 0 if there were "
        "none." in page
    )
    assert "Enter the amount spent so far on “Venue”. Enter 0 if nothing was spent." in page
    assert "Enter what changed because of the grant." in page
    # The optional measure may be left out, and what was typed is kept.
    assert "Professionals trained" not in page.split("There is a problem")[1].split("</ul>")[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_wrong_figures_are_refused_in_words_naming_the_measure(award, report):
    data = answers(
        award,
        **{
            field(award, "figure", "Victims and survivors supported"): "lots",
            field(award, "figure", "Professionals trained"): "-3",
        },
    )
    page = grantee(award).post(report_url(report), data).content.decode()
    assert "Enter the figure so far for “Victims and survivors supported” as a number" in page
    assert "The figure for “Professionals trained” cannot be less than 0." in page


def test_a_progress_report_may_leave_figures_and_spend_blank(award):
    progress = progress_report(award)
    data = answers(
        award,
        **{
            field(award, "figure", "Victims and survivors supported"): "",
            field(award, "text", "Case study"): "",
            field(award, "spend", "venue"): "",
        },
    )
    browser = grantee(award)
    response = browser.post(report_url(progress), data)
    assert response["Location"] == report_url(progress, "check")
    page = browser.get(response["Location"]).content.decode()
    assert "Not counted yet" in page and "Not given yet" in page


def test_a_refused_upload_keeps_the_other_answers_and_the_good_file(award, report):
    browser = grantee(award)
    data = answers(award, evidence=[executable("register.pdf"), pdf("receipts.pdf")])
    response = browser.post(report_url(report), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file register.pdf is not a real PDF file." in page
    assert "Survivors had somewhere safe to go each week." in page
    assert "£2,500" in page
    assert [e.original_name for e in report.evidence.all()] == ["receipts.pdf"]
    report.refresh_from_db()
    assert report.draft_data["what_changed"] == "Survivors had somewhere safe to go each week."


def test_check_your_answers_then_send(award, report):
    browser = grantee(award)
    response = browser.post(report_url(report), answers(award, evidence=[pdf("sheet.pdf")]))
    assert response["Location"] == report_url(report, "check")
    page = browser.get(response["Location"]).content.decode()
    assert "Check your final report before sending it" in page
    assert "30 people (target 40 people)" in page
    assert "£2,500.00 of £3,000.00 planned" in page
    assert "You may publish this" in page
    assert "sheet.pdf" in page

    sent = browser.post(report_url(report, "check"))
    assert sent["Location"] == report_url(report, "sent")
    assert "Report sent" in browser.get(sent["Location"]).content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at
    assert report.what_changed == "Survivors had somewhere safe to go each week."
    figures = {f.target.name: f for f in ReportFigure.objects.filter(report=report)}
    assert figures["Victims and survivors supported"].achieved == Decimal("30")
    assert figures["Case study"].publish_consent is True
    spends = {s.budget_line.category: s.spent for s in ReportSpend.objects.filter(report=report)}
    assert spends == {"staff": Decimal("2500.00"), "venue": Decimal("900.00")}
    entry = ModelLogEntry.objects.for_instance(award.application).get(action="fund.report.submit")
    assert entry.data["report"] == report.pk


def test_sending_tells_the_managers_and_gives_the_grantee_a_receipt(award, report, manager):
    browser = grantee(award)
    browser.post(report_url(report), answers(award))
    browser.post(report_url(report, "check"))
    receipt = QueuedEmail.objects.get(kind="report_receipt")
    assert receipt.to == award.application.contact_email
    assert "/apply/view/" in receipt.body
    assert award.application.reference in receipt.subject
    to_review = QueuedEmail.objects.get(kind="report_submitted", to=manager.email)
    assert "waiting for review" in to_review.body
    assert not QueuedEmail.objects.filter(kind="report_unspent").exists()


def test_a_sent_report_is_read_only(award, report):
    browser = grantee(award)
    browser.post(report_url(report), answers(award))
    browser.post(report_url(report, "check"))
    page = browser.get(report_url(report)).content.decode()
    assert "You cannot change it now" in page
    assert 'enctype="multipart/form-data"' not in page
    browser.post(report_url(report), answers(award, what_changed="Rewritten after sending."))
    browser.post(report_url(report, "check"))
    report.refresh_from_db()
    assert report.what_changed == "Survivors had somewhere safe to go each week."
    assert QueuedEmail.objects.filter(kind="report_receipt").count() == 1
    assert "See your report" in browser.get("/apply/status/").content.decode()


def test_changes_asked_for_are_shown_and_the_report_can_be_sent_again(award, report):
    browser = grantee(award)
    browser.post(report_url(report), answers(award))
    browser.post(report_url(report, "check"))
    report.refresh_from_db()
    report.status = ReportStatus.CHANGES
    report.changes_requested = "Please give the spend on the venue with receipts."
    report.save()
    status_page = browser.get("/apply/status/").content.decode()
    assert "Correct your report" in status_page
    assert "Please give the spend on the venue with receipts." in status_page
    page = browser.get(report_url(report)).content.decode()
    assert "Please give the spend on the venue with receipts." in page
    assert "900.00" in page  # the answers sent, ready to correct
    browser.post(report_url(report), answers(award, **{field(award, "spend", "venue"): "950"}))
    browser.post(report_url(report, "check"))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.spends.get(budget_line__category="venue").spent == Decimal("950.00")


def test_a_wrong_link_or_no_link_reaches_no_report(award, report):
    assert Client().get("/apply/view/not-a-real-token/").status_code == 404
    stranger = Client()
    stranger.post("/apply/view/not-a-real-token/")
    for page in ("", "check", "sent"):
        assert stranger.get(report_url(report, page)).status_code == 404
    assert stranger.post(report_url(report), answers(award)).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE


def test_another_grants_report_is_not_found_with_my_link(open_call, award):
    other = reporting_award(open_call)
    browser = grantee(award)
    theirs = final_report(other)
    assert browser.get(report_url(theirs)).status_code == 404
    assert browser.post(report_url(theirs), answers(other)).status_code == 404
    assert browser.post(report_url(theirs, "check")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ReportStatus.DUE


def test_a_measure_named_with_a_percent_sign_gets_its_errors_in_words(award, report):
    award.targets.filter(name="Professionals trained").update(name="Clients satisfied (%)")
    award.targets.filter(name="Case study").update(name="Case study (100% true)")
    data = answers(award)
    data[field(award, "figure", "Clients satisfied (%)")] = "-5"
    data[field(award, "text", "Case study (100% true)")] = "x" * 5001
    page = grantee(award).post(report_url(report), data).content.decode()
    assert "The figure for “Clients satisfied (%)” cannot be less than 0." in page
    assert "must be 5000 characters or fewer. It is 5001 characters" in page


def test_a_hidden_nul_character_is_refused_and_left_out_of_the_draft(award, report):
    data = answers(award, what_changed="Safe\x00 place")
    page = grantee(award).post(report_url(report), data).content.decode()
    assert "contains a hidden character" in page
    report.refresh_from_db()
    assert report.draft_data["what_changed"] == "Safe place"
