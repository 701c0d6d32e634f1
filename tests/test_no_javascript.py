"""No JavaScript needed: with JavaScript switched off in the browser, a reader finds their
way round by links, menus, filters and search, and a member sends a form, meets its
errors and gets the confirmation. No public page offers a control that only a script
could make work; scripts only add to pages (copy buttons, folding the menu)."""

import pytest

from campaign.models import CampaignYearPage
from submissions.models import EventSubmission
from tests.public_pages import OPEN_YEAR, open_in_browser

pytestmark = pytest.mark.browser

# What only a script could make work: buttons that submit nothing, links that go nowhere,
# inline handlers, and content hidden until a script shows it.
NEEDS_SCRIPT = "button[type=button], a[href='#'], a[href^='javascript:'], [onclick], [onchange], [hidden]"


@pytest.fixture
def no_js(browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB", viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


def heading(tab) -> str:
    return tab.locator("h1").first.inner_text()


def follow(control):
    """Click a link or a form's button and wait for the page it leads to."""
    with control.page.expect_navigation():
        control.click()


@pytest.mark.slow
def test_every_page_works_without_a_script_and_every_form_shows_its_errors(no_js, live_pages):
    base, pages = live_pages
    found = []
    for item in pages:
        if item.state == "refused":  # reached only by altering the form, which needs a script in this test
            continue
        open_in_browser(no_js, base, item)
        found += [
            f"{item}: {html}"
            for html in no_js.locator(NEEDS_SCRIPT).evaluate_all("els => els.map(e => e.outerHTML.slice(0, 120))")
        ]
        if item.state == "sent empty":
            summary = no_js.locator("[data-error-summary]")
            assert "There is a problem" in summary.inner_text(), item
            # The summary's links lead to the answers (the browser follows them without script).
            first = summary.get_by_role("link").first
            target = first.get_attribute("href")
            first.click()
            assert no_js.url.endswith(target), item
    assert not found, "controls that only a script could make work:\n" + "\n".join(found)


def test_a_reader_gets_round_and_a_member_sends_an_event(no_js, live_pages):
    base, _ = live_pages
    tab = no_js
    tab.goto(base + "/")
    follow(tab.get_by_role("link", name="Co-production Week Scotland 2017"))
    assert heading(tab) == "Co-production Week Scotland 2017"

    # The year's menu is all there on a phone without the script that folds it.
    menu = tab.get_by_role("navigation", name="2017 microsite")
    year = CampaignYearPage.objects.get(year=2017)
    expected = ["2017 home"] + [item.title for item in year.navigation_pages()]
    assert len(expected) > 8  # the days, the calendar, the blog and more
    assert menu.get_by_role("link").all_inner_texts() == expected
    assert menu.get_by_role("button").count() == 0
    follow(menu.get_by_role("link", name="Day 2: Tuesday 28 November"))
    assert heading(tab) == "Day 2: Tuesday 28 November"
    follow(tab.get_by_role("link", name="Power, Health and Social Justice"))
    assert "almost 200 delegates" in tab.inner_text("main")
    assert tab.get_by_role("link", name="Download the event (.ics)").get_attribute("href").endswith(".ics")

    # The calendar's filters are a plain form.
    follow(tab.get_by_role("navigation", name="2017 microsite").get_by_role("link", name="Calendar"))
    tab.get_by_label("Kind of event").select_option("Twitter chat")
    follow(tab.get_by_role("button", name="Show events"))
    assert "?kind=twitter-chat" in tab.url
    assert tab.locator("#results-heading").inner_text() == "4 events match your filters"
    # The text as written, not as the stylesheet shows it (capitals): the stylesheet may
    # still be on its way when the page's text can first be read.
    assert {kind.strip() for kind in tab.locator(".card__kind").all_text_contents()} == {"Twitter chat"}
    follow(tab.get_by_role("link", name="Clear the filters"))
    assert tab.locator("#results-heading").inner_text() == "9 events"

    # So are the blog's.
    follow(tab.get_by_role("navigation", name="2017 microsite").get_by_role("link", name="Blog"))
    tab.get_by_label("Author").select_option("Gerry Power")
    follow(tab.get_by_role("button", name="Show posts"))
    assert "author=gerry-power" in tab.url
    assert tab.locator(".card-list .card__title").all_inner_texts() == ["Power on Power"]
    follow(tab.get_by_role("link", name="Power on Power"))
    follow(tab.locator("main .byline").get_by_role("link", name="Gerry Power"))
    assert heading(tab) == "Gerry Power"

    # And the search in the header.
    header = tab.locator("header.site-header")
    header.get_by_role("searchbox", name="Search every year").fill("Dragons")
    follow(header.get_by_role("button", name="Search"))
    assert tab.locator("#results-heading").inner_text() == "1 result for “Dragons”"
    follow(tab.get_by_role("link", name="Inspiralba networking event in Argyll"))
    assert heading(tab) == "Inspiralba networking event in Argyll"

    # A member sends the "Add your event" form, first empty, then filled in.
    tab.goto(f"{base}/{OPEN_YEAR}/add-your-event/")
    follow(tab.get_by_role("button", name="Send your event"))
    assert "There is a problem" in tab.inner_text("main")
    tab.get_by_label("Name of your event").fill("Sharing power in Fife")
    tab.get_by_label("Kind of event").select_option("Workshop")
    tab.get_by_label("What is it about?").fill("A morning workshop on sharing power.")
    tab.get_by_label("Date").select_option(f"{OPEN_YEAR}-11-20")
    tab.get_by_label("Start time").fill("10:00")
    tab.get_by_label("In person", exact=True).check()
    tab.get_by_label("Town or city").fill("Kirkcaldy")
    tab.get_by_label("Council area").select_option("Fife")
    tab.get_by_label("Organisation running the event").fill("Fife Community Voices")
    tab.get_by_label("Your name").fill("Ailsa Brown")
    tab.get_by_label("Your email address").fill("ailsa@example.org")
    tab.get_by_label("I agree that the details of this event").check()
    follow(tab.get_by_role("button", name="Send your event"))
    assert heading(tab) == "Thank you, we have your event"
    assert f"“Sharing power in Fife” on Thursday 20 November {OPEN_YEAR}, 10:00" in tab.inner_text("main")
    assert EventSubmission.objects.filter(title="Sharing power in Fife").exists()
