"""Calendar feeds are put together from each event's VEVENT kept in the cache
(campaign/calendar_cache.py): the file is byte for byte what icalendar writes for the
same events in one go, on the first download and on every later one, and an edit to an
event or to its host's name is in the very next download."""

import datetime

from icalendar import Calendar

from campaign.calendars import calendar_head, event_component, london_timezone
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.models import Organisation
from tests.factories import CampaignYearPageFactory, EventPageFactory, OrganisationFactory, ProgrammeDayPageFactory


def icalendar_in_one_go(pages, *, name: str, description: str, subscription: bool = True) -> bytes:
    """The feed as written before it was put together from pieces: one Calendar holding
    the time zone and every event."""
    calendar = calendar_head(name=name, description=description, subscription=subscription)
    timed_years = [page.date.year for page in pages if page.start_time]
    if timed_years:
        calendar.add_component(london_timezone(min(timed_years), max(timed_years)))
    for page in pages:
        calendar.add_component(event_component(page, page.full_url))
    return calendar.to_ical()


def year_feed_in_one_go(year: int) -> bytes:
    year_page = CampaignYearPage.objects.get(year=year)
    pages = EventPage.objects.live().public().descendant_of(year_page).in_programme_order()
    return icalendar_in_one_go(
        list(pages),
        name=year_page.title,
        description=f"Every event of {year_page.title}, {year_page.dates_in_words}.",
    )


def unfolded(content: bytes) -> str:
    return content.decode().replace("\r\n ", "")


def test_the_year_feed_is_what_icalendar_writes_for_the_same_events(client, demo):
    expected = year_feed_in_one_go(2017)
    assert client.get("/calendar/2017.ics").content == expected
    assert client.get("/calendar/2017.ics").content == expected, "the second download, from the cached events"


def test_the_day_and_event_feeds_are_what_icalendar_writes_for_the_same_events(client, demo):
    client.get("/calendar/2017.ics")  # the day's events are in the cache already
    day = ProgrammeDayPage.objects.get(date=datetime.date(2017, 11, 27))
    pages = list(EventPage.objects.live().child_of(day).in_programme_order())
    expected_day = icalendar_in_one_go(
        pages, name=f"{day.title} — {day.campaign_year.title}", description=f"Events on {day.date_in_words}."
    )
    assert client.get("/calendar/2017-11-27.ics").content == expected_day
    for page in pages:
        expected_event = icalendar_in_one_go(
            [page], name=page.title, description=f"{page.title}, {page.when_in_words}", subscription=False
        )
        assert client.get(page.ics_url).content == expected_event


def test_awkward_text_is_escaped_and_folded_exactly_as_icalendar_does_it(client, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    awkward = EventPageFactory(
        parent=day,
        title="Power; sharing, and back\\slashes — ünïcödé across the fold of a long calendar line " * 2,
        venue="Hall 1, Floor 2; Room 3",
        description="<p>First paragraph &amp; more.</p><p>" + "Long words " * 40 + "</p>",
        hosts=[OrganisationFactory(name="Voices, Together; Ltd")],
    )
    untimed = EventPageFactory(parent=day, title="Time to be announced", start_time=None, end_time=None)
    for page in (awkward, untimed):
        page.save_revision().publish()  # so it carries the time it was published
    first = client.get("/calendar/2031.ics").content
    assert first == year_feed_in_one_go(2031)
    assert client.get("/calendar/2031.ics").content == first
    assert len(Calendar.from_ical(first).walk("VEVENT")) == 2


def test_an_edited_title_and_time_are_in_the_next_download(client, demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    before = unfolded(client.get("/calendar/2017.ics").content)
    assert "SUMMARY:Power\\, Health and Social Justice\r\n" in before
    page.title = "Power, Health and Social Justice: in the afternoon"
    page.start_time = datetime.time(14, 0)
    page.end_time = datetime.time(16, 0)
    page.save_revision().publish()
    for feed in ("/calendar/2017.ics", page.ics_url):
        after = unfolded(client.get(feed).content)
        assert "SUMMARY:Power\\, Health and Social Justice: in the afternoon\r\n" in after
        assert "DTSTART;TZID=Europe/London:20171128T140000" in after
    assert client.get("/calendar/2017.ics").content == year_feed_in_one_go(2017)


def test_a_hosts_new_name_is_in_the_next_download(client, demo):
    assert "Hosted by Scottish Co-production Network" in unfolded(client.get("/calendar/2017.ics").content)
    host = Organisation.objects.get(name="Scottish Co-production Network")
    host.name = "Co-production Network for Scotland"
    host.save()
    after = unfolded(client.get("/calendar/2017.ics").content)
    assert "Hosted by Co-production Network for Scotland" in after
    assert "Hosted by Scottish Co-production Network" not in after


def test_an_event_taken_down_leaves_the_next_download(client, demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    assert "SUMMARY:Power\\, Health and Social Justice\r\n" in unfolded(client.get("/calendar/2017.ics").content)
    page.unpublish()
    after = client.get("/calendar/2017.ics").content
    assert "Power\\, Health and Social Justice" not in unfolded(after)
    assert after == year_feed_in_one_go(2017)
