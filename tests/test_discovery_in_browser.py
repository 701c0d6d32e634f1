"""In a real browser: a reader uses the search box in the header to find a 2017 event and
opens it; the new pages pass axe-core's accessibility checks."""

import pytest

from tests.gates import axe_problems, with_axe

pytestmark = pytest.mark.browser


def test_reader_finds_a_2017_event_with_the_header_search(page, live_demo):
    page.goto(live_demo.url + "/")
    header = page.locator("header.site-header")
    header.get_by_role("searchbox", name="Search every year").fill("Dragons")
    header.get_by_role("button", name="Search").click()

    page.wait_for_url("**/search/?q=Dragons")
    assert page.locator("h2#results-heading").inner_text() == "1 result for “Dragons”"
    result = page.locator("li.result").first
    assert result.locator(".result__year").inner_text() == "2017"
    assert "Dragons" in result.locator("mark").first.inner_text()

    result.get_by_role("link", name="Inspiralba networking event in Argyll").click()
    assert page.locator("h1").inner_text() == "Inspiralba networking event in Argyll"
    assert "This is the archive of Co-production Week Scotland 2017" in page.inner_text("body")
    assert "Dragons Den" in page.inner_text("main")


def test_narrowing_search_by_year_and_type_without_javascript(browser, live_demo):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_demo.url + "/search/?q=power")
    main = tab.locator("main")
    main.get_by_label("Year", exact=True).select_option("2017")
    main.get_by_label("Type of page").select_option("Blog posts")
    main.get_by_role("button", name="Search").click()
    heading = tab.locator("h2#results-heading").inner_text()
    assert heading.endswith("for “power” in 2017 among blog posts")
    # As written, not as shown in capitals by a stylesheet that may still be on its way.
    assert {kind.strip() for kind in tab.locator(".result__type").all_text_contents()} == {"Blog post"}
    context.close()


NEW_PAGES = [
    "/search/?q=power",
    "/search/?q=xylophone",
    "/2017/blog/?tag=power",
    "/people/gerry-power/",
    "/2017/resources/",
    "/2017/thursday-30-november/the-power-of-stories-100-stories-of-co-production/",
]


def test_new_pages_have_no_accessibility_violations(page, live_demo):
    # One test for all of them: the demo is rebuilt for each browser test.
    with_axe(page.context)
    for path in NEW_PAGES:
        page.goto(live_demo.url + path)
        problems = axe_problems(page, tags=None)
        assert not problems, f"{path}\n" + "\n".join(problems)
