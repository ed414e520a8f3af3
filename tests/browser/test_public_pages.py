"""The privacy notice and accessibility statement: reachable from every
page's footer and free of serious accessibility problems."""

import pytest
from wagtail.models import Site

from fund.core.funder import FunderSettings
from home.models import StandardPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_privacy_notice_and_accessibility_statement_are_linked_from_the_footer(
    new_page, journey, home_page
):
    privacy = home_page.add_child(
        instance=StandardPage(title="Privacy notice", slug="privacy", body="<p>What we keep.</p>")
    )
    statement = home_page.add_child(
        instance=StandardPage(
            title="Accessibility statement", slug="accessibility", body="<p>WCAG 2.2 AA.</p>"
        )
    )
    FunderSettings.objects.filter(site=Site.objects.get(is_default_site=True)).update(
        privacy_notice=privacy, accessibility_statement=statement
    )
    page = new_page()
    page.goto("/")

    page.get_by_role("link", name="Privacy notice").click()
    journey.check(page, "privacy-notice")
    assert page.get_by_role("heading", level=1).inner_text() == "Privacy notice"
    page.get_by_role("link", name="Accessibility statement").click()
    journey.check(page, "accessibility-statement")
    assert page.locator("h1").count() == 1

    # the skip link is the first thing a keyboard reaches, and it works
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
