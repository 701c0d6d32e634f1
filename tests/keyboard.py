"""Helpers for the keyboard gate (tests/test_keyboard.py): tab through a page as a
keyboard user does and describe each place focus lands, computed in the page itself."""

# Contrast of two colours as WCAG defines it, and the background an element is seen
# against (the first ancestor with an opaque background; white at the root).
_COLOUR_JS = """
const channels = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
const opaque = (css) => { const c = channels(css); return c.length >= 3 && (c.length < 4 || c[3] > 0.5); };
const luminance = (css) => {
  const [r, g, b] = channels(css).slice(0, 3).map((v) => {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const backgroundOf = (element) => {
  for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
    const background = getComputedStyle(node).backgroundColor;
    if (opaque(background)) return background;
  }
  return "rgb(255, 255, 255)";
};
"""

# What a keyboard user sees where focus is now; null when focus is on the page itself.
FOCUS_JS = (
    "() => {"
    + _COLOUR_JS
    + """
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  const style = getComputedStyle(element);
  const rect = element.getBoundingClientRect();
  const around = backgroundOf(element.parentElement);
  const own = backgroundOf(element);
  // The indicator: an outline, a shadow or a change of background that stands out at
  // least 3:1 from what is around it (WCAG 2.2, 1.4.11 and 2.4.13).
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 && opaque(style.outlineColor)
    ? contrast(style.outlineColor, around) : 0;
  const shadows = style.boxShadow === "none" ? [] : style.boxShadow.match(/rgba?\\([^)]*\\)/g) || [];
  const shadow = Math.max(0, ...shadows.filter(opaque).map((colour) => contrast(colour, around)));
  const fill = opaque(style.backgroundColor) ? contrast(style.backgroundColor, around) : 0;
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  const all = Array.from(document.querySelectorAll("*"));
  return {
    index: all.indexOf(element),
    name: element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + " “"
      + (element.innerText || element.value || element.getAttribute("aria-label") || "").trim().slice(0, 60) + "”",
    group: element.type === "radio" ? "radio:" + element.name : null,
    top: rect.top + window.scrollY, bottom: rect.bottom + window.scrollY,
    left: rect.left + window.scrollX, right: rect.right + window.scrollX,
    width: rect.width, height: rect.height,
    inView: rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth,
    indicator: Math.max(outline, shadow, fill),
    text: contrast(style.color, own),
    textNeeded: large ? 3 : 4.5,
  };
}"""
)

# Everything a keyboard user should be able to reach: visible, enabled controls in the
# tab order. Radio buttons count once per group (Tab reaches a group, arrows move in it).
REACHABLE_JS = """() => {
  const all = Array.from(document.querySelectorAll("*"));
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  const seen = new Set();
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.disabled || element.tabIndex < 0 || element.closest("[inert], [aria-hidden=true]")) continue;
    const style = getComputedStyle(element);
    if (!element.getClientRects().length || style.visibility !== "visible") continue;
    const key = element.type === "radio" ? "radio:" + element.name : all.indexOf(element);
    if (seen.has(key)) continue;
    seen.add(key);
    const text = (element.innerText || element.name || "").trim().slice(0, 60);
    found.push({key: key, name: element.tagName.toLowerCase() + " “" + text + "”"});
  }
  return found;
}"""


def tab_through(tab, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page; each stop."""
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        stop = tab.evaluate(FOCUS_JS)
        if stop is None or (stops and stop["index"] == stops[0]["index"]):
            break
        stops.append(stop)
    return stops


def focus_problems(stops: list[dict]) -> list[str]:
    """Stops where focus cannot be seen, is out of view, or goes against the layout."""
    problems = []
    for stop in stops:
        if not stop["inView"] or stop["width"] < 1 or stop["height"] < 1:
            problems.append(f"{stop['name']}: focused but not on screen")
        if stop["indicator"] < 3:
            problems.append(f"{stop['name']}: no focus indicator with 3:1 contrast (best {stop['indicator']:.1f}:1)")
        if stop["text"] < stop["textNeeded"]:
            problems.append(f"{stop['name']}: text contrast {stop['text']:.1f}:1 while focused")
    for before, after in zip(stops, stops[1:], strict=False):
        if after["index"] < before["index"]:
            problems.append(f"{after['name']} comes after {before['name']} but is earlier in the page")
        # Against the layout: the next stop is wholly above the last without starting a
        # new column to its right, or on the same line and wholly to its left (with 2 px
        # to spare for sub-pixel rounding).
        same_line = after["top"] < before["bottom"] - 2 and after["bottom"] > before["top"] + 2
        back_up = after["bottom"] <= before["top"] - 2 and after["left"] < before["right"] - 2
        if back_up or (same_line and after["right"] <= before["left"] - 2):
            problems.append(f"{after['name']} is focused after {before['name']} but is above or left of it")
    return problems


def unreached(tab, stops: list[dict]) -> list[str]:
    """Controls on the page that tabbing never reached."""
    reached = {stop["group"] or stop["index"] for stop in stops}
    return [control["name"] for control in tab.evaluate(REACHABLE_JS) if control["key"] not in reached]
