"""Playwright in Debian's chromium, for tests marked `browser`.

Locally the tests are skipped when chromium is missing; with REQUIRE_BROWSER_TESTS=1
(as CI sets) a missing browser fails the run instead.
"""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def browser_tests_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER_TESTS", "").lower() in {"1", "true", "yes"}


def log_in(page, base_url: str, username: str, password: str):
    """Sign in to the admin in this tab."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")


def assert_accessible(page):
    """axe-core finds nothing against WCAG 2.2 A and AA on the page as it is now."""
    from tests.gates import WCAG_TAGS, axe_problems

    problems = axe_problems(page, WCAG_TAGS)
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_executable()
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if browser_tests_required():
            pytest.fail(f"{message}, and REQUIRE_BROWSER_TESTS asks for browser tests to run.", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    from django.db import connections

    # Playwright's sync API keeps an event loop running in this thread, and from then on
    # Django hands out new connection objects (per async context). Those lack the
    # database snapshot taken at setup for serialized rollback, so a second browser test
    # would start from an empty database: carry the snapshot over.
    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies) at desktop width."""
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def live_demo(django_db_serialized_rollback, live_server):
    """The demo site served by a real HTTP server for the browser to visit (restored
    from the snapshot taken once it was built: conftest.django_db_setup)."""
    return live_server
