"""The applicant's journey on a phone: from the home page to an accepted
offer at 390 × 844, touch and a high-density screen, with axe-core on every
page. The staff part happens through the services (the laptop journey,
test_journey.py, walks the admin's screens)."""

import re

import pytest
from django.core import mail

from fund.applications.models import Application
from tests.browser.applying import (
    PHONE,
    accept_offer,
    answer_file,
    fill_application,
    fits,
    link,
    offer_through_the_services,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def tap(button):
    button.tap()


def _apply(phone, journey, call, tmp_path):
    """Fill in the form on the phone, recover from an error, check and send.
    Returns the application."""
    fill_application(phone, call, tmp_path, registration_number="12345", answer_files=False)
    with phone.expect_navigation():
        tap(phone.get_by_role("button", name="Continue"))
    assert "Enter a charity number" in phone.locator(".error-summary").inner_text()
    journey.check(phone, "call-with-error")
    phone.get_by_role("link", name=re.compile("Enter a charity number")).tap()
    phone.get_by_label(re.compile(r"^Registration number")).fill("1187654")
    answer_file(phone, call.form_fields.get(field_type="file"), tmp_path / "budget.pdf")
    tap(phone.get_by_role("button", name="Continue"))

    phone.wait_for_url("**/apply/check/")
    journey.check(phone, "check-answers")
    assert fits(phone)
    assert "This call closes at" in phone.locator(".inset-text").first.inner_text()
    phone.get_by_label(re.compile("The information in this application is true")).check()
    phone.get_by_label(re.compile("I have read the privacy notice")).check()
    tap(phone.get_by_role("button", name="Accept and send"))
    phone.wait_for_url("**/apply/sent/")
    journey.check(phone, "sent")
    application = Application.objects.get(status="submitted")
    assert application.reference in phone.locator(".panel").inner_text()
    return application


def test_a_charity_applies_and_accepts_an_offer_on_a_phone(
    new_page, journey, fund_page, open_call, manager, panel_member, tmp_path
):
    call = open_call
    phone = new_page(**PHONE)
    assert phone.evaluate("matchMedia('(pointer: coarse)').matches")

    phone.goto("/")
    journey.check(phone, "home")
    # The fund page, as reached from a link on the funder's own website.
    phone.goto(fund_page.url)
    journey.check(phone, "fund")
    phone.get_by_role("link", name=call.title).tap()
    journey.check(phone, "call")
    assert fits(phone)

    application = _apply(phone, journey, call, tmp_path)

    # Later, from the acknowledgement e-mail, on the same phone.
    [acknowledgement] = [m for m in mail.outbox if application.reference in m.subject]
    phone.goto(link(acknowledgement, "view"))
    journey.check(phone, "status-link")
    tap(phone.get_by_role("button", name="See your application"))
    phone.wait_for_url("**/apply/status/")
    journey.check(phone, "status-submitted")

    offer_through_the_services(application, manager=manager, reviewer=panel_member)
    phone.reload()
    journey.check(phone, "status-offer")
    assert fits(phone)
    with phone.expect_navigation():
        accept_offer(phone, press=tap)
    journey.check(phone, "offer-accepted")
    assert fits(phone)
    assert "What happens next" in phone.content()
    application.award.refresh_from_db()
    assert application.award.status == "accepted"
    tap(phone.get_by_role("link", name="Go back to your application"))
    phone.wait_for_url("**/apply/status/")
    journey.check(phone, "status-accepted")
    assert "Sam Example (Chair of trustees) accepted this offer" in phone.content()
