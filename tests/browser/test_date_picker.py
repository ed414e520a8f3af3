"""Nothing covers a form's controls: the date picker's calendar on the
payment, instalment and returned-money forms once covered the fields under
the date and, on a laptop, the submit button. With the calendar open, each
control of the form is what a click at its centre reaches."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import SCREENSHOTS
from tests.factories import AwardFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = [(1440, 900), (1280, 720)]
FORMS = [
    ("awards:payment", "paid_on", "Record the payment"),
    ("awards:instalment", "due_on", "Add to the schedule"),
    ("awards:return", "received_on", "Record the returned money"),
]

#: For each visible control of the form: is it what a click at its centre
#: reaches (once scrolled into view, if need be)? The date field itself is
#: left out: its calendar is meant to sit against it.
COVERED = """(dateId) => {
    const form = document.getElementById(dateId).form;
    const controls = [...form.querySelectorAll("input, select, textarea, button")].filter(
        (c) => c.id !== dateId && c.type !== "hidden" && c.offsetParent !== null
    );
    return controls
        .map((control) => {
            control.scrollIntoView({ block: "nearest", behavior: "instant" });
            const box = control.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            const reached = hit && (hit === control || control.contains(hit) ||
                (control.labels && [...control.labels].some((l) => l.contains(hit))));
            return reached ? null : `${control.name || control.textContent.trim()} is under ${
                hit ? hit.className || hit.tagName : "nothing"}`;
        })
        .filter(Boolean);
}"""


@pytest.fixture
def award(open_call, manager, finance):
    """Accepted, part paid: every one of the three forms is open."""
    return AwardFactory(
        call=open_call,
        by=manager,
        amount="4000",
        conditions="<p>Report.</p>",
        paid=True,
        recorded_by=manager,
        paid_amount="1000",
        paid_on=timezone.localdate() - dt.timedelta(days=1),
        bacs_reference="BACS1",
        finance=finance,
    )


def signed_in(browser, live_server, user, size):
    client = Client()
    client.force_login(user)  # with the second factor (tests/conftest.py)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": size[0], "height": size[1]}
    )
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_open_calendar_covers_no_control_of_the_form(
    browser, live_server, finance, award, size
):
    folder = SCREENSHOTS / f"date_picker_{size[0]}x{size[1]}"
    folder.mkdir(parents=True, exist_ok=True)
    context = signed_in(browser, live_server, finance, size)
    page = context.new_page()
    try:
        for url_name, field, submit in FORMS:
            page.goto(reverse(url_name, args=[award.pk]))
            page.locator(f"#id_{field}").click()
            calendar = page.locator(".xdsoft_datetimepicker:visible")
            calendar.wait_for()
            page.screenshot(path=folder / f"{url_name}.png")

            covered = page.evaluate(COVERED, f"id_{field}")

            assert covered == [], f"{url_name} at {size}: {covered}"
            assert calendar.is_visible()  # still open: nothing was checked with it closed
            button = page.get_by_role("button", name=submit)
            assert button.is_visible()
            calendar.locator("td.xdsoft_today").click()  # and it still picks a date
            assert page.locator(f"#id_{field}").input_value() == timezone.localdate().strftime(
                "%d/%m/%Y"
            )
    finally:
        context.close()
