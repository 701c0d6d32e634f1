"""Journey 3, in a real browser: a member tells the team about an event; an editor
accepts it in the admin and publishes it; it appears in the year's calendar and in
its calendar feed. The form and the calendar pass axe's accessibility checks."""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from home.models import HomePage
from submissions.models import EventSubmission
from tests.browser import assert_accessible, log_in
from tests.factories import (
    AddEventFormPageFactory,
    CalendarPageFactory,
    CampaignYearPageFactory,
    ProgrammeDayPageFactory,
)

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"


@pytest.fixture
def open_year_live(live_demo, settings):
    # No waiting in a test: the minimum fill time is checked in test_add_event_form.py.
    settings.SUBMISSIONS_MIN_FILL_SECONDS = 0
    # Fetched after the demo is built, so the tree is current.
    year = CampaignYearPageFactory(parent=HomePage.objects.get(), year=2031)
    ProgrammeDayPageFactory(parent=year, title="Day 1: Thursday 20 November", show_in_menus=True)
    CalendarPageFactory(parent=year, show_in_menus=True)
    AddEventFormPageFactory(parent=year, show_in_menus=True)
    return live_demo


@pytest.mark.slow
def test_member_submits_editor_accepts_and_publishes_event_appears_in_calendar_and_feed(
    page, open_year_live, django_user_model
):
    base = open_year_live.url

    # A member finds the form from the year's menu and first sends it half filled in.
    page.goto(base + "/2031/")
    page.get_by_role("navigation", name="2031 microsite").get_by_role("link", name="Add your event").click()
    page.get_by_label("Name of your event").fill("Sharing power in Fife")
    page.get_by_role("button", name="Send your event").click()
    summary = page.locator(".error-summary")
    assert "There is a problem" in summary.inner_text()
    # click() returns when the answer starts to load, before the deferred site.js has
    # run: expect() waits for the focus to arrive.
    expect(summary, "focus moves to the summary").to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the time the event starts.").click()
    expect(page.locator("#id_start_time")).to_be_focused()
    assert page.get_by_label("Name of your event").input_value() == "Sharing power in Fife", "answers are kept"

    page.get_by_label("Kind of event").select_option("Workshop")
    page.get_by_label("What is it about?").fill("A morning workshop on sharing power.\nEveryone is welcome.")
    page.get_by_label("Date").select_option("2031-11-20")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time (optional)").fill("12:30")
    page.get_by_label("In person", exact=True).check()
    page.get_by_label("Town or city").fill("Kirkcaldy")
    page.get_by_label("Council area").select_option("Fife")
    page.get_by_label("Organisation running the event").fill("Fife Community Voices")
    page.get_by_label("Your name").fill("Ailsa Brown")
    page.get_by_label("Your email address").fill("ailsa@example.org")
    page.get_by_label("I agree that the details of this event").check()
    page.get_by_role("button", name="Send your event").click()
    assert page.locator("h1").inner_text() == "Thank you, we have your event"
    assert "“Sharing power in Fife” on Thursday 20 November 2031, 10:00–12:30" in page.inner_text("main")
    assert EventSubmission.objects.get().status == "new"

    # An editor signs in and finds it waiting in the inbox.
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    log_in(page, base, "editor", PASSWORD)
    page.goto(base + "/admin/submissions/eventsubmission/")
    assert "Sharing power in Fife" in page.inner_text("main")
    page.locator("main table").get_by_role("link", name="Review", exact=True).first.click()
    assert "Fife Community Voices" in page.inner_text("main")
    page.locator("footer").get_by_role("link", name="Accept", exact=True).click()
    assert "Day 1: Thursday 20 November" in page.inner_text("main")
    page.get_by_role("button", name="Accept and open the draft").click()

    # The draft opens in the page editor; the editor publishes it.
    page.wait_for_url("**/admin/pages/*/edit/")
    assert page.locator("#id_title").input_value() == "Sharing power in Fife"
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/*/")
    assert "has been published" in page.inner_text("body")
    submission = EventSubmission.objects.get()
    assert submission.status == "accepted"
    assert submission.created_page.specific.live

    # Readers find it in the calendar and in the year's feed.
    reader = page.context.browser.new_page()
    reader.goto(base + "/2031/calendar/")
    assert "Sharing power in Fife" in reader.inner_text("main")
    assert "1 event" in reader.inner_text("main")
    assert_accessible(reader)
    reader.get_by_label("How to take part").select_option("Online")
    reader.get_by_role("button", name="Show events").click()
    assert "No events match these filters" in reader.inner_text("main")
    assert "mode=online" in reader.url
    feed = reader.request.get(base + "/calendar/2031.ics")
    (event,) = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Sharing power in Fife"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime.datetime(2031, 11, 20, 10, 0)
    assert str(event["UID"]) == str(submission.created_page.specific.calendar_uid)
    reader.close()
