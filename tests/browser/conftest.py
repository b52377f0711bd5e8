"""Real-browser fixtures: Playwright for Python driving Debian's Chromium.

Without /usr/bin/chromium the browser tests are skipped, and the run says so
loudly at the end; REQUIRE_BROWSER_TESTS=1 (set by CI) makes that a failure.
"""

import importlib
import os
import re
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
HOME_URL = re.compile(r"^http://[^/]+/$")
AXE_SOURCE = AXE_JS.read_text() if AXE_JS.exists() else ""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Playwright's sync API keeps an event loop in this thread; the ORM calls the
# tests make between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: browser tests NOT run"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER_TESTS=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _seeded_defaults(db):
    """The directory's defaults its migration seeds (policy areas, platform
    patterns): a transactional test empties every table when it ends, so a
    browser test after any other would find none."""
    from django.apps import apps

    seeds = importlib.import_module(
        "communities.migrations.0002_search_index_and_defaults"
    )
    seeds.add_defaults(apps, None)


@pytest.fixture(autouse=True)
def _served_static_files(settings):
    # The live server finds static files in the source folders, by plain name.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    csp_errors = []

    def on_console(message):
        # A script evaluated by the test (axe-core) has no URL: what it does
        # to the page is the test's, not the portal's.
        ours = message.location.get("url")
        if "Content Security Policy" in message.text and ours:
            csp_errors.append(message.text)

    page.on("console", on_console)
    yield page
    context.close()
    assert not csp_errors, f"Content Security Policy blocked: {csp_errors}"


def assert_accessible(page) -> None:
    """Run axe-core on the current page: no WCAG 2.2 A/AA violation allowed."""
    # Evaluated through the driver, not added as a <script>: the portal's
    # Content Security Policy rightly refuses inline scripts.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_TAGS,
    )
    report = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(report)
    assert_reflows(page)


def assert_reflows(page) -> None:
    """WCAG 1.4.10: at 320 px wide nothing scrolls sideways (a wide table
    scrolls inside its own region). Checked at 320 px whatever the page is
    shown at, then put back."""
    shown = page.viewport_size
    if shown and shown["width"] != 320:
        page.set_viewport_size({"width": 320, "height": shown["height"]})
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide = page.evaluate(
                "[...document.querySelectorAll('body *')]"
                ".filter(e => e.getBoundingClientRect().right > 321)"
                ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
            )
            raise AssertionError(f"{page.url} is {width} px wide at 320 px: {wide}")
    finally:
        if shown and shown["width"] != 320:
            page.set_viewport_size(shown)


_codes_used: set[tuple[str, int]] = set()


def totp_code(secret: str, email: str) -> str:
    """The current code; waits for the next one if this person already used it
    (allauth refuses a code twice, as it should)."""
    if time.time() % 30 > 27:  # about to roll over: take the next one instead
        time.sleep(30 - time.time() % 30 + 0.5)
    counter = int(time.time()) // 30
    if (email, counter) in _codes_used:
        time.sleep(30 - time.time() % 30 + 0.5)
        counter = int(time.time()) // 30
    _codes_used.add((email, counter))
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(page, email: str, password: str, totp_secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        page.get_by_label("Code", exact=True).fill(totp_code(totp_secret, email))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(HOME_URL)
