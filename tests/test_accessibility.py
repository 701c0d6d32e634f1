"""axe-core finds no violation of WCAG 2.0, 2.1 and 2.2 (A and AA) or of its best
practices on any public page or form state (tests/public_pages.py says which), on a
desktop screen and on a phone, in Debian's chromium, and no navigation link, button or
form control is smaller than 24 × 24 px; and axe does find the problems in a
deliberately broken page."""

import pytest

from tests.gates import AXE_TAGS, BROKEN_PAGE, axe_problems, small_targets, with_axe
from tests.public_pages import open_in_browser

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 360}


@pytest.mark.slow
def test_no_public_page_has_axe_violations_on_desktop_or_phone(browser, live_pages):
    base, pages = live_pages
    failures = []
    for screen, width in WIDTHS.items():
        context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 800})
        with_axe(context)
        tab = context.new_page()
        for item in pages:
            status, _ = open_in_browser(tab, base, item)
            if status != item.status:
                failures.append(f"{item} at {width}px: answered {status}, expected {item.status}")
                continue
            problems = axe_problems(tab) + small_targets(tab)
            failures += [f"{item} at {width}px ({screen}): {problem}" for problem in problems]
        context.close()
    assert not failures, f"axe-core ({', '.join(AXE_TAGS)}) found {len(failures)} problems:\n" + "\n".join(failures)


def test_the_axe_gate_catches_a_broken_page(page):
    page.set_content(BROKEN_PAGE.read_text())
    rules = {problem.split(":")[0] for problem in axe_problems(page)}
    assert {"image-alt", "label", "nested-interactive"} <= rules
