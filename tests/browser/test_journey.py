"""The whole journey in a real browser: a charity applies, the panel
screens and scores, the fund manager awards, finance downloads the letter
and the charity accepts the offer. axe-core checks every page on the way."""

import base64
import io
import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from pypdf import PdfReader

from fund.applications.models import Application
from fund.awards.models.awards import Award
from fund.calls.models import FundPage
from fund.reviews.models import Review
from tests.browser.applying import accept_offer, answer_file, fill_application, link

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "correct horse battery"


def sign_in(page, user, journey, label):
    """The sign-in form, then, for the roles that must have it, setting up
    two-factor authentication as a person would: reading the key off the
    page into an authenticator app (here, django-otp's TOTP) and typing its
    code."""
    page.goto("/admin/login/")
    journey.check(page, f"{label}-sign-in")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/admin/two-factor/set-up/" in page.url:
        journey.check(page, f"{label}-two-factor-set-up")
        key = page.locator("#two-factor-key").inner_text().replace(" ", "")
        app = TOTP(base64.b32decode(key))
        page.get_by_label("Code").fill(f"{app.token():06d}")
        page.get_by_role("button", name="Turn on two-factor authentication").click()
        journey.check(page, f"{label}-backup-codes")
        assert len(page.locator(".two-factor-codes code").all_inner_texts()) == 10
        page.get_by_role("link", name="I have saved my backup codes").click()
    page.wait_for_url("**/admin/")


def _start_and_recover(new_page, journey, call, tmp_path):
    """A charity finds the call, starts its application and recovers from a
    validation error. Returns its browser page."""
    applicant = new_page()
    applicant.goto("/")
    journey.check(applicant, "home")
    applicant.get_by_role("link", name=call.title).click()
    journey.check(applicant, "call")

    # A charity number a digit short; the budget comes later.
    fill_application(applicant, call, tmp_path, registration_number="12345", answer_files=False)
    applicant.get_by_role("button", name="Continue").click()

    summary = applicant.locator(".error-summary")
    assert "Enter a charity number for England and Wales" in summary.inner_text()
    assert applicant.title().startswith("Error: ")
    assert applicant.evaluate("document.activeElement.classList.contains('error-summary')")
    journey.check(applicant, "call-with-error")
    assert "accounts.pdf" in applicant.content()  # the good file was kept
    applicant.get_by_role("link", name=re.compile("Enter a charity number")).click()
    applicant.get_by_label(re.compile(r"^Registration number")).fill("1187654")
    return applicant


def _save_return_and_send(new_page, journey, call, applicant, tmp_path):
    """It saves, comes back through the e-mailed link another day, checks its
    answers and sends. Returns the application."""
    applicant.get_by_role("button", name="Save and come back later").click()
    assert "Your application has been saved" in applicant.content()
    journey.check(applicant, "saved")
    [draft_email] = mail.outbox
    later = new_page()  # another day, another browser
    later.goto(link(draft_email, "continue"))
    journey.check(later, "continue-link")
    later.get_by_role("button", name="Continue your application").click()
    assert (
        later.get_by_label("Organisation name", exact=True).input_value()
        == "Aire Valley Freedom Project"
    )
    assert later.get_by_label(re.compile(r"^Registration number")).input_value() == "1187654"
    answer_file(later, call.form_fields.get(field_type="file"), tmp_path / "budget.pdf")
    later.get_by_role("button", name="Continue").click()

    later.wait_for_url("**/apply/check/")
    journey.check(later, "check-answers")
    assert "1187654" in later.content()
    later.get_by_label(re.compile("The information in this application is true")).check()
    later.get_by_label(re.compile("I have read the privacy notice")).check()
    later.get_by_role("button", name="Accept and send").click()
    later.wait_for_url("**/apply/sent/")
    journey.check(later, "sent")
    application = Application.objects.get(status="submitted")
    assert application.reference in later.content()
    later.get_by_role("link", name="View or print a copy of your application").click()
    journey.check(later, "copy")
    assert set(application.documents.values_list("original_name", flat=True)) == {
        "accounts.pdf",
        "budget.pdf",
    }
    return application


def _screen_and_assign(new_page, journey, manager, panel_member, application):
    """A fund manager screens the application and assigns the panel member.
    Returns the fund manager's page."""
    office = new_page()
    sign_in(office, manager, journey, "manager")
    journey.check(office, "admin-home-manager")
    office.goto("/admin/applications/")
    journey.check(office, "applications")
    office.get_by_role("link", name=application.reference).click()
    journey.check(office, "application-inspect")
    office.get_by_role("link", name="Screen").click()
    journey.check(office, "screen")
    office.get_by_label("Eligible", exact=True).check()
    office.get_by_role("button", name=re.compile("Save|Screen|Record")).click()
    office.get_by_role("link", name="Assign reviewers").click()
    journey.check(office, "assign")
    office.get_by_label(re.compile(panel_member.username)).check()
    office.get_by_role("button", name=re.compile("Assign")).click()
    application.refresh_from_db()
    assert application.status == "in_review"
    return office


def _declare_and_score(new_page, journey, call, panel_member, application):
    """The panel member declares no conflict and scores."""
    reviewer = new_page()
    sign_in(reviewer, panel_member, journey, "panel")
    journey.check(reviewer, "admin-home-panel")
    reviewer.goto("/admin/reviews/")
    journey.check(reviewer, "your-reviews")
    reviewer.get_by_role("link", name=application.reference).click()
    journey.check(reviewer, "declare-conflict")
    reviewer.get_by_label("No, I have no conflict of interest", exact=True).check()
    reviewer.get_by_role("button", name="Send your declaration").click()
    journey.check(reviewer, "review-form")
    for criterion in call.criteria.all():
        reviewer.get_by_role("radio", name=criterion.score_label(4), exact=True).check()
    reviewer.get_by_label("Fund in full", exact=True).check()
    reviewer.get_by_label("Overall comment", exact=True).fill(
        "Clear need and a strong partnership."
    )
    reviewer.get_by_role("button", name="Check and submit").click()
    journey.check(reviewer, "review-check")
    reviewer.get_by_role("button", name="Submit your review").click()
    journey.check(reviewer, "review-submitted")
    assert Review.objects.get().status == "submitted"


def _rank_and_award(office, journey, application):
    """The fund manager reads the ranking and awards. Returns the award."""
    office.goto("/admin/grants/ranking/")
    journey.check(office, "ranking")
    office.goto(f"/admin/applications/inspect/{application.pk}/")
    office.get_by_role("link", name="Award", exact=True).click()
    journey.check(office, "award")
    office.get_by_label("Amount to award (£)", exact=True).fill("2500")
    conditions = office.get_by_role("textbox", name="Conditions of the grant")
    assert "Report on what the grant achieved" in conditions.inner_text()  # the fund's own
    # The call is still open and one review is in, not the two it needs: the
    # form says so, and the fund manager records why the award cannot wait.
    assert "It is too soon for this decision" in office.content()
    office.get_by_label("Why this decision cannot wait", exact=True).fill(
        "The project starts with the new financial year."
    )
    office.get_by_role("button", name="Preview the offer").click()
    journey.check(office, "award-preview")
    assert "We are pleased to offer a grant of £2,500.00" in office.content()
    office.get_by_role("button", name="Confirm the award").click()
    office.wait_for_url(f"**/applications/inspect/{application.pk}/")
    award = Award.objects.get()
    assert award.amount == 2500
    office.goto("/admin/")
    journey.check(office, "admin-home-budget")
    assert "£2,500.00" in office.content()
    return award


def _read_the_letter(new_page, journey, finance, application, award):
    """Finance downloads the letter and reads it."""
    books = new_page()
    sign_in(books, finance, journey, "finance")
    books.goto(f"/admin/awards/inspect/{award.pk}/")
    journey.check(books, "award-inspect")
    with books.expect_download() as download:
        books.get_by_role("link", name=re.compile("Download")).first.click()
    text = " ".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages
    )
    text = " ".join(text.split())
    assert application.reference in text
    assert "£2,500.00 (two thousand, five hundred pounds)" in text
    books.goto("/admin/awards/")
    journey.check(books, "awards-report")


def _accept_the_offer(new_page, journey, application, award):
    """The charity opens its status page and accepts the offer."""
    acknowledgement = next(m for m in mail.outbox if application.reference in m.subject)
    status = new_page()
    status.goto(link(acknowledgement, "view"))
    journey.check(status, "status-link")
    status.get_by_role("button", name="See your application").click()
    journey.check(status, "status-offer")
    accept_offer(status)
    journey.check(status, "status-accepted")
    award.refresh_from_db()
    assert award.status == "accepted"
    assert award.accepted_name == "Sam Example"


def test_from_first_visit_to_an_accepted_offer(
    new_page, journey, open_call, manager, finance, panel_member, tmp_path
):
    call = open_call
    FundPage.objects.filter(pk=call.get_parent().pk).update(
        default_conditions="<ul><li>Spend the grant on the project described.</li>"
        "<li>Report on what the grant achieved within three months of the end.</li></ul>"
    )

    applicant = _start_and_recover(new_page, journey, call, tmp_path)
    application = _save_return_and_send(new_page, journey, call, applicant, tmp_path)
    office = _screen_and_assign(new_page, journey, manager, panel_member, application)
    _declare_and_score(new_page, journey, call, panel_member, application)
    award = _rank_and_award(office, journey, application)
    _read_the_letter(new_page, journey, finance, application, award)
    _accept_the_offer(new_page, journey, application, award)
