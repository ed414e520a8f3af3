"""The public pages on the narrowest phone: nothing scrolls sideways at
320 px, and check your answers stacks each answer under its question.

The list of pages comes from the page types and the URL conf: a new page
type, or a new URL under /apply/ or /open-data/, fails the test until it is
visited here (or named in NOT_PAGES with the reason it is not a page)."""

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, resolve
from django.utils import timezone
from wagtail.models import Site, get_page_models

import config.urls
import fund.opendata.urls
import fund.urls
from fund.applications import access
from fund.applications.models import Application
from fund.awards.models.awards import Award
from fund.awards.services.decisions import application_decline
from fund.awards.services.lifecycle import award_decline_by_applicant
from fund.calls.models import CallFormField, ScoringCriterion
from fund.core.funder import FunderSettings
from fund.opendata.pages import GrantsAwardedPage, OutcomesPage
from fund.templatetags.fund_tags import when
from home.models import StandardPage
from tests.browser.applying import (
    accept_offer,
    fill_application,
    link,
    offer_through_the_services,
    page_width,
    reviewed_through_the_services,
)
from tests.factories.calls import make_call
from tests.support.reporting import answers, final_report, reporting_award
from tests.support.states import submitted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROWEST = {"width": 320, "height": 640}

#: Django's own messages, which do not say which question they are about.
GENERIC_ERRORS = {"This field is required.", "Enter a valid date.", "Enter a number."}

#: Addresses in the URL conf that are not pages a person reads.
NOT_PAGES = {
    "fund_status_withdraw": "the withdrawal form's action: it redirects to the status page",
    "fund_status_accept": "the acceptance form's action: it redirects to the status page",
    "fund_status_decline": "the decline form's action: it redirects to the status page",
    "fund_status_letter": "a PDF download",
    "fund_360giving_json": "a data file",
    "fund_360giving_csv": "a data file",
    "fund_360giving_xlsx": "a data file",
    "fund_open_data_page": "the footer's fixed address of a page: it redirects to the page",
}


def public_url_names():
    """Every named address of the public site outside Wagtail's page tree
    and the admin: /apply/, /open-data/ and the staff sign-in page."""
    patterns = [
        *fund.urls.urlpatterns,
        *(p for r in fund.urls.urlpatterns if isinstance(r, URLResolver) for p in r.url_patterns),
        *fund.opendata.urls.urlpatterns,
        *(p for p in config.urls.urlpatterns if isinstance(p, URLPattern)),
    ]
    return {p.name for p in patterns if isinstance(p, URLPattern) and p.name}


def public_page_types():
    return {m for m in get_page_models() if m._meta.app_label in {"home", "fund"}}


class Sweep:
    """Visits pages at 320 px: screenshots each and notes any that scrolls
    sideways, and which page types and addresses it has seen."""

    def __init__(self, journey):
        self.journey = journey
        self.too_wide = {}
        self.url_names = set()
        self.page_types = set()

    def look(self, page, label, *, wagtail_page=None):
        page.wait_for_load_state()
        self.journey.step += 1
        page.screenshot(
            path=self.journey.folder / f"{self.journey.step:02d}-{label}.png", full_page=True
        )
        widths = page_width(page)
        if widths[0] > widths[1]:
            self.too_wide[label] = widths
        self.url_names.add(resolve(urlparse(page.url).path).url_name)
        if wagtail_page is not None:
            self.page_types.add(type(wagtail_page.specific))

    def visit(self, page, url, label, **kwargs):
        response = page.goto(url)
        self.look(page, label, **kwargs)
        return response


def open_status(page, application):
    """Bind ``application`` to the browser through its private status link."""
    token = access.make_token(Application.objects.get(pk=application.pk), access.STATUS)
    page.goto(f"/apply/view/{token}/")
    with page.expect_navigation():
        page.get_by_role("button", name="See your application").click()


def _the_site(home_page, fund_page, open_call):
    """A closed call beside the open one, an accessibility statement, the grants
    awarded page and the funder's settings. Returns (closed call, statement,
    grants page)."""
    now = timezone.now()
    closed_call = make_call(
        fund_page,
        slug="closed",
        title="Safer homes for survivors of exploitation",
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
        decisions_by=timezone.localdate() + dt.timedelta(days=14),
    )
    ScoringCriterion.objects.create(
        page=closed_call, sort_order=1, name="Value for money", weight=10, maximum_score=5
    )
    # A date question of the call's own: its answer reads as a date.
    CallFormField.objects.create(
        page=open_call, sort_order=9, label="When was your group set up?", field_type="date"
    )
    statement = home_page.add_child(
        instance=StandardPage(
            title="Accessibility statement", slug="accessibility", body="<p>WCAG 2.2 AA.</p>"
        )
    )
    grants_page = home_page.add_child(
        instance=GrantsAwardedPage(title="Grants we have awarded", slug="grants-awarded")
    )
    FunderSettings.objects.filter(site=Site.objects.get(is_default_site=True)).update(
        accessibility_statement=statement,
        address="Ploughland House\n62 George Street\nWakefield\nWF1 1DL",
        organisation_identifier="GB-GOR-PC000048",
        grant_identifier_prefix="360G-wypcc",
    )
    return closed_call, statement, grants_page


def _decisions(open_call, manager, panel_member):
    """An offer, a decline and an offer the applicant turned down. Returns
    (offer, declined application, turned-down offer)."""
    # An offer (published on the grants awarded page) and a decline, made
    # through the services. Their references are far from those the
    # applications sent in this test are given.
    offer = offer_through_the_services(
        submitted(open_call, reference="SCF-2026-0901"), manager=manager, reviewer=panel_member
    )
    Award.objects.filter(pk=offer.pk).update(public_reason="Helps victims leave exploitation.")
    declined = reviewed_through_the_services(
        submitted(open_call, reference="SCF-2026-0902"), manager=manager, reviewer=panel_member
    )
    application_decline(
        early_reason="Decided early in a test.",
        application=declined,
        reason="score",
        feedback="Other bids scored higher against the need and evidence criterion.",
        by=manager,
    )

    # An offer the applicant turned down, for its confirmation page.
    turned_down = offer_through_the_services(
        submitted(open_call, reference="SCF-2026-0903"), manager=manager, reviewer=panel_member
    )
    award_decline_by_applicant(award=turned_down, reason="", by=None)
    return offer, declined, turned_down


def _sweep_the_pages(sweep, page, site, offer):
    """The pages anyone may visit: home, fund, a closed call, the grants awarded,
    the statement, a 404, signing in and asking for a lost link."""
    home_page, fund_page, closed_call, statement, grants_page = site
    sweep.visit(page, "/", "home", wagtail_page=home_page)
    sweep.visit(page, fund_page.url, "fund", wagtail_page=fund_page)
    sweep.visit(page, closed_call.url, "call-closed", wagtail_page=closed_call)
    # Marked closed under its title, not only at the foot of the page.
    assert page.locator("h1 + .call-status").inner_text() == "Closed"
    assert (
        "no longer taking applications" in page.locator(".call-status + .inset-text").inner_text()
    )
    facts = page.locator(".summary-list").first.inner_text()
    assert f"Closed\n{when(closed_call.closes_at)}" in facts
    assert "Decisions expected by" in facts
    # The scoring criteria, with their weights as shares of the score.
    scoring = page.locator("h2:text('How applications are scored') ~ .summary-list").first
    assert scoring.inner_text() == (
        "Need and evidence\n75% of the score\nValue for money\n25% of the score"
    )
    sweep.visit(page, grants_page.url, "grants-awarded", wagtail_page=grants_page)
    # Each grant's details stack, full width, each under its column's name.
    for cell in page.locator(".table tbody tr").first.locator("th, td").all():
        assert cell.bounding_box()["width"] > NARROWEST["width"] / 2, cell.inner_text()
    assert page.locator(".table tbody td[data-label=Amount]").inner_text() == "£2,500.00"
    achieved = home_page.add_child(
        instance=OutcomesPage(title="What the fund achieved", slug="what-the-fund-achieved")
    )
    sweep.visit(page, achieved.url, "what-the-fund-achieved", wagtail_page=achieved)
    sweep.visit(page, statement.url, "accessibility-statement", wagtail_page=statement)
    assert sweep.visit(page, "/no-such-page/", "404").status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert page.get_by_role("link", name="Go to the home page").is_visible()  # the site's frame
    sweep.visit(page, "/admin/login/", "staff-sign-in")
    sweep.visit(page, "/apply/lost-link/", "lost-link")
    page.get_by_label(re.compile("e-mail address")).fill("sam@example.org")
    page.get_by_label(re.compile("reference")).fill(offer.application.reference)
    page.get_by_role("button", name="Send me a new link").click()
    sweep.look(page, "lost-link-sent")
    # "contact us" is a link to the address in the funder's settings.
    contact = page.get_by_role("link", name="contact us", exact=True)
    assert contact.get_attribute("href") == "mailto:grants@example.org"
    sweep.visit(page, "/apply/status/", "status-without-a-link")


def _sweep_the_errors(sweep, page, open_call):
    """The open call's form sent empty: every error at once, each said once."""
    # An application, from the empty form to the sent page.
    sweep.visit(page, open_call.url, "call-open", wagtail_page=open_call)
    assert page.locator("h1 + .call-status").inner_text() == "Open"
    page.get_by_role("button", name="Continue").click()  # every error at once
    sweep.look(page, "call-with-errors")
    # Each error is in the summary once, linked to its question, and by it;
    # no message leaves the applicant guessing which question it is about.
    links = page.locator(".error-summary__list a").all()
    messages = [item.inner_text() for item in links]
    assert len(messages) == len(set(messages)) == page.locator("form .error-message").count()
    for item, message in zip(links, messages, strict=True):
        question = page.locator(item.get_attribute("href")).locator(
            "xpath=ancestor::div[contains(@class, 'form-group')][1]"
        )
        assert message in question.locator(".error-message").first.inner_text()
        label = question.locator("label, legend").first.inner_text()
        assert message not in GENERIC_ERRORS, f"{label}: {message}"
    # Each error in the summary is set apart from the next.
    first, second = page.locator(".error-summary__list li").all()[:2]
    assert (
        second.bounding_box()["y"] - (first.bounding_box()["y"] + first.bounding_box()["height"])
        >= 5
    )


def _sweep_an_application(sweep, page, open_call, tmp_path):
    """An application filled in, saved, continued, checked and sent."""
    fill_application(
        page,
        open_call,
        tmp_path,
        organisation_type="Community or voluntary group (not registered)",
        registration_number=None,
        contact_email="a.very.long.contact.address.for.the.charity@calder-valley-refuge.example.org",
        start="1 April 2027",
        district="Calderdale",
        documents=["accounts-for-the-year-ending-march-2026-signed.pdf"],
    )
    page.get_by_role("button", name="Save and come back later").click()
    sweep.look(page, "saved")
    sweep.visit(page, link(mail.outbox[-1], "continue"), "continue-link")
    page.get_by_role("button", name="Continue your application").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/apply/check/")
    sweep.look(page, "check-your-answers")

    # Stacked: the answer starts below its question, not beside it.
    row = page.locator(".summary-list__row", has_text="Contact e-mail address")
    question = row.locator("dt").bounding_box()
    answer = row.locator("dd").first.bounding_box()
    assert answer["y"] >= question["y"] + question["height"] - 1
    assert answer["x"] + answer["width"] <= NARROWEST["width"]

    main = page.locator("main").inner_text()
    assert f"This call closes at {when(open_call.closes_at)}" in main
    registration = page.locator(".summary-list__row", has_text="Registration number")
    assert registration.locator("dd").first.inner_text() == "Not given"
    assert main.count("accounts-for-the-year-ending-march-2026-signed.pdf") == 1
    assert main.count("budget.pdf") == 1
    start = page.locator(".summary-list__row", has_text="Planned start date")
    assert start.locator("dd").first.inner_text() == "1 April 2027"
    set_up = page.locator(".summary-list__row", has_text="When was your group set up?")
    assert set_up.locator("dd").first.inner_text() == "1 May 2015"

    page.get_by_label(re.compile("The information in this application is true")).check()
    page.get_by_label(re.compile("I have read the privacy notice")).check()
    page.get_by_role("button", name="Accept and send").click()
    page.wait_for_url("**/apply/sent/")
    sweep.look(page, "sent")
    contact = page.get_by_role("link", name="contact us", exact=True)
    assert contact.get_attribute("href") == "mailto:grants@example.org"
    sweep.visit(page, "/apply/copy/", "copy")
    sweep.visit(page, "/apply/status/", "status-submitted")


def _sweep_the_decisions(sweep, page, offer, declined, turned_down):
    """The status pages of an offer and a decline, accepting the offer, a change
    of bank details, and the offer turned down."""
    # The status page of an offer and of a decline, through their links.
    for application, label in [(offer.application, "offered"), (declined, "declined")]:
        token = access.make_token(Application.objects.get(pk=application.pk), access.STATUS)
        sweep.visit(page, f"/apply/view/{token}/", f"status-link-{label}")
        page.get_by_role("button", name="See your application").click()
        sweep.look(page, f"status-{label}")

    # Accepting the offer and what follows it: the confirmation, a change of
    # the bank details and the e-mailed link that confirms the change.
    open_status(page, offer.application)
    with page.expect_navigation():
        accept_offer(page)
    sweep.look(page, "offer-accepted")
    sweep.visit(page, "/apply/status/bank-details/", "bank-details-change")
    page.get_by_label(re.compile("name on the account", re.I)).fill("Aire Valley Refuge")
    page.get_by_label(re.compile("sort code", re.I)).fill("20-00-00")
    page.get_by_label(re.compile("account number", re.I)).fill("55779911")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the new bank details").click()
    sweep.look(page, "bank-details-sent")
    [confirm] = [
        found.group(1)
        for message in mail.outbox
        if (found := re.search(r"https?://\S+?(/apply/bank-details/confirm/\S+/)", message.body))
    ]
    sweep.visit(page, confirm, "bank-details-confirm")
    open_status(page, turned_down.application)
    sweep.visit(page, "/apply/status/declined/", "offer-declined")


def _sweep_a_report(sweep, page, open_call):
    """A grantee's final report: the form, saved, check your answers, sent,
    and read only after sending."""
    award = reporting_award(open_call, paid=True)
    report = final_report(award)
    open_status(page, award.application)
    sweep.visit(page, f"/apply/status/reports/{report.pk}/", "report-form")
    sweep.visit(page, f"/apply/status/reports/{report.pk}/saved/", "report-saved")
    report.draft_data = {k: v for k, v in answers(award).items() if k != "action"}
    report.status = "draft"
    report.save()
    sweep.visit(page, f"/apply/status/reports/{report.pk}/check/", "report-check")
    with page.expect_navigation():
        page.get_by_role("button", name="Send your report").click()
    sweep.look(page, "report-sent")
    sweep.visit(page, f"/apply/status/reports/{report.pk}/", "report-read-only")


def test_no_public_page_scrolls_sideways_at_320_pixels(
    new_page, journey, home_page, fund_page, open_call, manager, panel_member, tmp_path
):
    closed_call, statement, grants_page = _the_site(home_page, fund_page, open_call)
    offer, declined, turned_down = _decisions(open_call, manager, panel_member)

    sweep = Sweep(journey)
    page = new_page(viewport=NARROWEST, is_mobile=True, has_touch=True)

    site = (home_page, fund_page, closed_call, statement, grants_page)
    _sweep_the_pages(sweep, page, site, offer)
    _sweep_the_errors(sweep, page, open_call)
    _sweep_an_application(sweep, page, open_call, tmp_path)
    _sweep_the_decisions(sweep, page, offer, declined, turned_down)
    _sweep_a_report(sweep, page, open_call)

    assert sweep.too_wide == {}, f"Scroll sideways at 320 px ([content, window]): {sweep.too_wide}"
    assert public_page_types() <= sweep.page_types, "Visit every page type here"
    unseen = public_url_names() - sweep.url_names - set(NOT_PAGES)
    assert not unseen, f"Visit these pages here, or say in NOT_PAGES why not: {unseen}"
