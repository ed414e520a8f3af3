"""Real-browser tests: Playwright drives Debian's Chromium (never a
downloaded browser) against pytest-django's live server, and axe-core checks
every page of the journey. Screenshots of each step go to
test-results/screenshots/<test>/."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test's thread, which makes
# Django refuse database calls from it; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
#: axe's rules as run on every page: its defaults, plus WCAG 2.2's target
#: size (2.5.8, 24 by 24 CSS pixels or enough space), which axe ships off.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def browser():
    """One Chromium per test. Not per session: Playwright's sync API keeps an
    event loop running in the test's thread, and while it runs Django hands
    that thread a different database connection, one without the serialized
    data that the following transactional tests restore from."""

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Close the connection Django gave this thread while Playwright's
        # loop ran, or PostgreSQL cannot drop the test database at the end.

        connections.close_all()


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a page in a fresh browser context (its own cookies),
    like a different person or device; new_page(**PHONE) on a phone (any
    options of Playwright's browser.new_context)."""
    contexts, refused = [], []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, accept_downloads=True, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        # Chromium reports what the Content Security Policy blocked on the
        # console: any of it means a page is broken for real users.
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and refused.append(f"{page.url}: {message.text}")
            ),
        )
        return page

    yield make
    for context in contexts:
        context.close()
    assert not refused, "The Content Security Policy blocked:\n" + "\n".join(refused)


class Journey:
    """Screenshots and accessibility checks, step by step."""

    def __init__(self, name):
        self.folder = SCREENSHOTS / re.sub(r"[^\w-]+", "_", name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.step = 0
        self.checked = []

    def check(self, page, label):
        """Screenshot the page and fail on any serious or critical axe violation."""

        page.wait_for_load_state("networkidle")
        self.step += 1
        page.screenshot(path=self.folder / f"{self.step:02d}-{label}.png", full_page=True)
        results = Axe().run(page, options=AXE_OPTIONS)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(node["target"]) for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v.get("impact") in BLOCKING_IMPACTS
        ]
        assert not blocking, f"{label} at {page.url}:\n" + "\n".join(blocking)
        self.checked.append(label)


@pytest.fixture
def journey(request):
    return Journey(request.node.name)
