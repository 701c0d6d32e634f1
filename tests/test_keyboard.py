"""Keyboard: tabbing through the year page and a form, the skip link comes first, focus
is always on screen and visible (an indicator with 3:1 contrast, readable text), moves
in the order of the layout, and reaches every control; a form sent with problems puts
focus on its error summary, whose links take focus to the answers."""

import pytest

from tests.keyboard import FOCUS_JS, focus_problems, tab_through, unreached
from tests.public_pages import OPEN_YEAR

pytestmark = pytest.mark.browser


def test_tabbing_through_the_year_page_and_a_form(page, live_pages):
    base, _ = live_pages
    page.goto(base + "/2017/")
    stops = tab_through(page)

    assert stops[0]["name"] == "a “Skip to main content”", "the skip link is the first thing focused"
    assert not focus_problems(stops), "\n".join(focus_problems(stops))
    assert not unreached(page, stops), f"never reached by Tab: {unreached(page, stops)}"
    assert len(stops) > 30, "the header, the year's menu, the programme and the footer are all in the tab order"

    # The skip link takes focus past the header and menus to the content.
    page.reload()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)["name"] == "a “Home”", "the first stop in the content is the breadcrumb"
    assert page.evaluate("document.activeElement.closest('main') !== null")

    # On a phone the year's menu folds behind a button, which opens it from the keyboard.
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(base + "/2017/")
    stops = tab_through(page)
    assert not focus_problems(stops), "\n".join(focus_problems(stops))
    assert not unreached(page, stops), f"never reached by Tab at 360px: {unreached(page, stops)}"
    toggle = page.get_by_role("button", name="2017 menu")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="2017 home").is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_JS)["name"] == "a “2017 home”", "the menu's first link follows its button"
    page.set_viewport_size({"width": 1280, "height": 900})

    # A form: the same, then its error summary.
    page.goto(f"{base}/{OPEN_YEAR}/add-your-event/")
    stops = tab_through(page)
    names = [stop["name"] for stop in stops]

    assert names[0] == "a “Skip to main content”"
    assert not focus_problems(stops), "\n".join(focus_problems(stops))
    assert not unreached(page, stops), f"never reached by Tab: {unreached(page, stops)}"
    assert "input#id_title “”" in names
    assert "button “Send your event”" in names

    # Sent empty from the keyboard: focus goes to the summary of problems.
    page.locator("main form[method='post'] [type='submit']").last.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.evaluate(FOCUS_JS)
    assert summary["name"].startswith("div “There is a problem"), "the error summary takes focus"
    assert summary["indicator"] >= 3
    assert summary["inView"]

    # Each of its links moves focus to the answer it is about, with its label in view.
    links = page.locator("[data-error-summary] a")
    assert links.count() >= 5
    for number in range(links.count()):
        link = links.nth(number)
        target = link.get_attribute("href").removeprefix("#")
        link.focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == target, f"{link.inner_text()} moves focus to #{target}"
        assert page.evaluate(FOCUS_JS)["inView"]
        label_in_view = page.evaluate(
            """(id) => {
                const field = document.getElementById(id);
                const label = field.closest('.field__group')?.querySelector('legend') || field.labels[0];
                const rect = label.getBoundingClientRect();
                return rect.top >= -2 && rect.bottom <= window.innerHeight + 2;
            }""",
            target,
        )
        assert label_in_view, f"the question for #{target} is on screen with its answer"
