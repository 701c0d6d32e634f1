"""Zoom and reflow: at 320 CSS pixels wide (a 1280 px screen zoomed to 400 %) no public
page scrolls sideways, and with text made twice as large (the root font size at 200 %)
on a 640 px screen no page scrolls sideways and no text is cut off or spills out of its
box over what follows (WCAG 2.2, 1.4.4 and 1.4.10)."""

import pytest

from tests.public_pages import open_in_browser

pytestmark = pytest.mark.browser

# Where content is wider than the screen, and text cut off by its box or spilling out of
# it. Text hidden on purpose (visually-hidden labels, the skip link off screen) and form
# controls, which draw their own text, are left out.
LAYOUT_JS = """() => {
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\\s+/).join(".") : "")
    + " “" + (e.innerText || "").trim().slice(0, 50) + "”";
  const skipped = (e) => e.closest(".visually-hidden, .skip-link, .hp-field, head, script, style")
    || e.matches("input, select, textarea, button, img, svg, br, option") || !e.getClientRects().length;
  const width = document.documentElement.clientWidth;
  const elements = Array.from(document.querySelectorAll("body *")).filter((e) => !skipped(e));
  const tooWide = elements.filter((e) => e.getBoundingClientRect().right > width + 1);
  const cut = elements.filter((e) => {
    const style = getComputedStyle(e);
    if (style.display.startsWith("inline") || style.display === "contents" || !(e.innerText || "").trim()) return false;
    return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
  });
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width: width,
    tooWide: tooWide.slice(-3).map(describe),
    // The innermost boxes only: an overflowing box makes each of its ancestors overflow too.
    cut: cut.filter((e) => !cut.some((other) => other !== e && e.contains(other))).map(describe).slice(0, 5),
  };
}"""


def layout_problems(tab, where: str) -> list[str]:
    layout = tab.evaluate(LAYOUT_JS)
    problems = []
    if layout["scrollWidth"] > layout["width"]:
        problems.append(
            f"{where}: scrolls sideways ({layout['scrollWidth']} px of content in {layout['width']} px); "
            f"wider than the screen: {', '.join(layout['tooWide'])}"
        )
    problems += [f"{where}: text cut off or spilling out of its box: {element}" for element in layout["cut"]]
    return problems


@pytest.mark.slow
def test_no_page_scrolls_sideways_at_320px_or_loses_text_at_200_percent(browser, live_pages):
    base, pages = live_pages
    context = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640})
    tab = context.new_page()
    problems = []
    for item in pages:
        tab.set_viewport_size({"width": 320, "height": 640})
        open_in_browser(tab, base, item)
        problems += layout_problems(tab, f"{item} at 320px")
        tab.set_viewport_size({"width": 640, "height": 800})
        tab.evaluate("document.documentElement.style.fontSize = '200%'")
        problems += layout_problems(tab, f"{item} at 640px with text at 200%")
    context.close()
    assert not problems, f"{len(problems)} reflow problems:\n" + "\n".join(problems)
