"""Journey 6, in a real browser: an editor starts 2019 from 2018 in the admin, adds a day
and one event and publishes them; the home page then leads with 2019, and 2017 shows as an
archive with its numbers."""

import re

import pytest

from campaign.models import CampaignYearPage, EventPage
from tests.browser import assert_accessible
from tests.test_editorial_journey import PASSWORD, log_in

pytestmark = pytest.mark.browser


def publish(page):
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name="Publish", exact=True).click()
    page.get_by_text(re.compile(r"(has been|created and) published")).first.wait_for()


def add_child(page, base, parent, kind):
    page.goto(f"{base}/admin/pages/{parent.pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/(\d+/add_subpage|add/)"))
    if "/add_subpage/" in page.url:
        # Wagtail asks for the kind of page only where there is a choice.
        page.get_by_role("link", name=kind, exact=True).click()
    page.locator("#id_title").wait_for()


@pytest.mark.slow
def test_editor_starts_2019_from_2018_and_the_home_page_follows(page, live_demo, django_user_model):
    base = live_demo.url
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    log_in(page, base, "editor")

    # From 2018's page in the admin: "Start next year from this one".
    y2018 = CampaignYearPage.objects.get(year=2018)
    page.goto(f"{base}/admin/pages/{y2018.pk}/edit/")
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Start next year from this one").click()
    assert page.get_by_label("New year").input_value() == "2019"
    start = page.get_by_label("First day of the week")
    start.fill("20/11/2019")
    start.press("Escape")
    page.get_by_role("button", name="Start the new year as a draft").click()
    # 2018 starts on a Monday; Wednesday is refused with the nearest Mondays offered.
    assert "try Monday 18 November 2019 or Monday 25 November 2019" in page.inner_text("main")
    start = page.get_by_label("First day of the week")
    start.fill("18/11/2019")
    start.press("Escape")
    page.get_by_role("button", name="Start the new year as a draft").click()
    page.get_by_text("is ready as a draft at /2019/").wait_for()
    y2019 = CampaignYearPage.objects.get(year=2019)
    assert not y2019.live

    # The editor publishes the year, adds its first day and one event, and publishes them.
    page.goto(f"{base}/admin/pages/{y2019.pk}/edit/")
    page.locator("#id_theme").fill("kindness")
    publish(page)
    add_child(page, base, y2019, "Programme day")
    page.locator("#id_title").fill("Day 1: Monday 18 November")
    page.locator("#id_date").fill("18/11/2019")
    page.locator("#id_date").press("Escape")
    publish(page)
    day = y2019.get_children().live().get()
    add_child(page, base, day, "Event")
    page.locator("#id_title").fill("Kindness in public services")
    page.locator("#id_kind").select_option("Workshop")
    page.locator("#id_start_time").fill("10:00")
    page.locator("#id_start_time").press("Escape")
    page.locator("#id_council_area").select_option("Fife")
    publish(page)
    event = EventPage.objects.get(title="Kindness in public services")
    assert event.live
    assert event.date.isoformat() == "2019-11-18"

    # Readers: every year is past by now (November 2026), so the latest, 2019, leads.
    reader = page.context.browser.new_page()
    reader.goto(base + "/")
    featured = reader.locator(".featured-year")
    assert featured.get_by_role("heading", level=2).inner_text() == "Co-production Week Scotland 2019"
    assert "kindness" in featured.inner_text()
    past = reader.locator("section", has=reader.get_by_role("heading", name="Past years"))
    past_text = past.inner_text()
    assert past_text.index("Co-production Week Scotland 2018") < past_text.index("Co-production Week Scotland 2017")
    assert "In numbers: 9 events, 12 organisations, 4 Twitter chats and 7 blog posts." in past_text
    assert_accessible(reader)

    past.get_by_role("link", name="Co-production Week Scotland 2017").click()
    assert "This is the archive of Co-production Week Scotland 2017" in reader.inner_text("body")
    numbers = reader.locator(".year-numbers")
    assert numbers.get_by_role("heading", name="2017 in numbers").is_visible()
    assert numbers.locator("dt", has_text="Events").locator("xpath=following-sibling::dd").inner_text().startswith("9")
    chart = numbers.get_by_role("img", name="Events per day")
    assert chart.is_visible()
    numbers.get_by_text("Events per day as a table").click()
    assert numbers.get_by_role("table", name="Events per day").get_by_role("row").count() == 7
    assert_accessible(reader)

    reader.goto(base + "/2019/")
    assert "Kindness in public services" in reader.inner_text("main")
    assert "2019 in numbers" in reader.inner_text("main")
    reader.close()
