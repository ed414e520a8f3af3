"""The public pages on the narrowest phone: nothing scrolls sideways at
320 px, and check your answers stacks each answer under its question."""

import pytest

from tests.fund.applying import PDF_BYTES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROWEST = {"width": 320, "height": 640}


def scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_no_public_page_scrolls_sideways_at_320_pixels(
    new_page, journey, fund_page, open_call, tmp_path
):
    page = new_page()
    page.set_viewport_size(NARROWEST)
    widths = {}

    for label, url in [("home", "/"), ("fund", fund_page.url), ("call", open_call.url)]:
        page.goto(url)
        widths[label] = scrolls_sideways(page)

    page.get_by_role("button", name="Continue").click()  # every error at once
    widths["call-with-errors"] = scrolls_sideways(page)

    page.get_by_label("Organisation name", exact=True).fill("Aire Valley Freedom Project")
    page.get_by_label("Community or voluntary group (not registered)", exact=True).check()
    page.get_by_label("Address", exact=True).fill("1 Mill Lane\nShipley")
    page.get_by_label("Postcode", exact=True).fill("BD18 3AB")
    page.get_by_label("Contact name", exact=True).fill("Sam Example")
    page.get_by_label("Contact e-mail address", exact=True).fill(
        "a.very.long.contact.address.for.the.charity@calder-valley-refuge.example.org"
    )
    page.get_by_label("Contact telephone number", exact=True).fill("0113 496 0000")
    page.get_by_label("Project title", exact=True).fill("Drop-in advice for survivors")
    page.get_by_label("Project summary", exact=True).fill("A weekly drop-in.")
    page.get_by_label("Amount requested (£)", exact=True).fill("2500")
    page.get_by_label("Planned start date", exact=True).fill("1 April 2027")
    page.get_by_label("Planned end date", exact=True).fill("31/3/2028")
    page.get_by_label("Calderdale", exact=True).check()
    page.get_by_label("How will survivors shape the project?").fill("Survivors steer it.")
    accounts = tmp_path / "accounts-for-the-year-ending-march-2026-signed.pdf"
    accounts.write_bytes(PDF_BYTES)
    page.locator("input[name=documents]").set_input_files(str(accounts))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/apply/check/")
    widths["check-your-answers"] = scrolls_sideways(page)
    journey.check(page, "check-your-answers-320")

    # Stacked: the answer starts below its question, not beside it.
    row = page.locator(".summary-list__row", has_text="Contact e-mail address")
    question = row.locator("dt").bounding_box()
    answer = row.locator("dd").first.bounding_box()
    assert answer["y"] >= question["y"] + question["height"] - 1
    assert answer["x"] + answer["width"] <= NARROWEST["width"]

    assert widths == dict.fromkeys(widths, False), widths
