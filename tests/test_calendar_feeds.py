"""Calendar feeds: every feed parses back with `icalendar` and has what RFC 5545 asks;
an event keeps its UID through edits and its SEQUENCE rises; Scottish times survive
the clock change."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from wagtail.test.utils.form_data import inline_formset

from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from tests.admin_forms import edit_page_url, event_form
from tests.factories import CampaignYearPageFactory, EventPageFactory, OrganisationFactory, ProgrammeDayPageFactory

LONDON = ZoneInfo("Europe/London")
FEEDS = ["/calendar/2017.ics", "/calendar/2017-11-27.ics", "/calendar/upcoming.ics"]


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_in(calendar: Calendar) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def check_calendar(calendar: Calendar):
    assert str(calendar["VERSION"]) == "2.0"
    assert "Co-production Week Scotland" in str(calendar["PRODID"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert calendar["NAME"]
    assert calendar["X-WR-CALNAME"]


def check_event(event, page: EventPage):
    assert str(event["UID"]) == str(page.calendar_uid)
    assert event["DTSTAMP"].dt.tzinfo is not None
    if page.last_published_at:
        assert event["DTSTAMP"].dt == page.last_published_at.replace(microsecond=0)
    assert int(event["SEQUENCE"]) == page.calendar_sequence
    assert str(event["SUMMARY"]) == page.title
    assert str(event["URL"]) == page.full_url
    assert str(event["STATUS"]) == "CONFIRMED"
    assert page.full_url in str(event["DESCRIPTION"])
    if page.where_in_words:
        assert str(event["LOCATION"]).startswith(page.where_in_words.split(",")[0])
    if page.start_time:
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event["DTSTART"].dt == page.start
        if page.end_time:
            assert event["DTEND"].dt == page.end
    else:
        # Never announced: a whole day.
        assert event["DTSTART"].dt == page.date
        assert event["DTEND"].dt == page.date + datetime.timedelta(days=1)


def test_the_year_feed_holds_every_event_of_the_year_with_every_property(client, demo):
    calendar = parse(client.get("/calendar/2017.ics"))
    check_calendar(calendar)
    assert str(calendar["NAME"]) == "Co-production Week Scotland 2017"
    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "PT6H"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/London"
    pages = {
        page.title: page for page in EventPage.objects.live().descendant_of(CampaignYearPage.objects.get(year=2017))
    }
    events = events_in(calendar)
    assert set(events) == set(pages)
    for title, event in events.items():
        check_event(event, pages[title])
    # Hosts and links are in the description calendar apps show.
    chat = events["Twitter chat: What are the barriers that inequality of power brings?"]
    assert "Hosted by Scottish Co-production Network" in str(chat["DESCRIPTION"])
    assert "The question: What are the barriers" in str(chat["DESCRIPTION"])
    assert str(events["Inspiralba networking event in Argyll"]["LOCATION"]) == "Argyll and Bute"


def test_every_event_has_its_own_feed_to_download(client, demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    response = client.get(page.ics_url)
    assert response["Content-Disposition"] == 'attachment; filename="power-health-and-social-justice.ics"'
    calendar = parse(response)
    check_calendar(calendar)
    (event,) = calendar.walk("VEVENT")
    check_event(event, page)
    assert not calendar.walk("VTIMEZONE"), "an all-day event needs no time zone"
    assert "REFRESH-INTERVAL" not in calendar, "a download, not a subscription"


def test_the_day_feed_holds_that_days_events(client, demo):
    calendar = parse(client.get("/calendar/2017-11-27.ics"))
    check_calendar(calendar)
    pages = {p.title: p for p in EventPage.objects.live().filter(date=datetime.date(2017, 11, 27))}
    events = events_in(calendar)
    assert set(events) == set(pages)
    assert len(events) == 2
    for title, event in events.items():
        check_event(event, pages[title])


@pytest.mark.parametrize(
    "url", ["/calendar/2016.ics", "/calendar/2017-11-26.ics", "/calendar/2017-13-45.ics", "/calendar/events/999999.ics"]
)
def test_feeds_for_nothing_are_not_found(client, demo, url):
    assert client.get(url).status_code == 404


def test_the_upcoming_feed_holds_only_events_still_to_come(client, demo, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    coming = EventPageFactory(parent=day, title="Still to come")
    calendar = parse(client.get("/calendar/upcoming.ics"))
    check_calendar(calendar)
    events = events_in(calendar)
    assert list(events) == ["Still to come"]
    check_event(events["Still to come"], coming)


def test_drafts_and_private_events_stay_out_of_feeds(client, demo):
    draft = EventPage.objects.get(title="Power, Health and Social Justice")
    draft.unpublish()
    from wagtail.models import PageViewRestriction

    private = EventPage.objects.get(title="Self management and co-production")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    titles = set(events_in(parse(client.get("/calendar/2017.ics"))))
    assert "Power, Health and Social Justice" not in titles
    assert "Self management and co-production" not in titles
    assert client.get(draft.ics_url).status_code == 404
    assert client.get(private.ics_url).status_code == 404


def test_an_unchanged_feed_is_not_sent_again(client, demo):
    first = client.get("/calendar/2017.ics")
    assert "max-age=900" in first["Cache-Control"]
    again = client.get("/calendar/2017.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get("/calendar/2017.ics").content == first.content, "the same published events read the same"


# --- Identity through edits ------------------------------------------------------------
def feed_event(client, page):
    (event,) = parse(client.get(page.ics_url)).walk("VEVENT")
    return event


def test_an_edited_event_keeps_its_uid_and_raises_its_sequence(admin_client, demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    before = feed_event(admin_client, page)
    host = page.hosts.get()
    response = admin_client.post(
        edit_page_url(page),
        event_form(
            title="Power, Health and Social Justice (moved to the afternoon)",
            slug="a-new-address",
            start_time="14:00",
            end_time="16:00",
            hosts=inline_formset([{"id": str(host.pk), "organisation": str(host.organisation_id)}], initial=1),
            **{"action-publish": "action-publish"},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    after = feed_event(admin_client, page)
    assert str(after["UID"]) == str(before["UID"]), "renamed, moved to a new address: still the same event"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["SUMMARY"]) == "Power, Health and Social Justice (moved to the afternoon)"
    assert after["DTSTART"].dt == datetime.datetime(2017, 11, 28, 14, 0, tzinfo=LONDON)
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt


def test_only_changes_calendars_care_about_raise_the_sequence(demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    uid = page.calendar_uid
    page.description = "<p>A new description.</p>"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.calendar_sequence == 0
    # A draft is not what calendars see: no change until it is published.
    page.title = "Renamed in a draft"
    page.save_revision()
    page.refresh_from_db()
    assert page.calendar_sequence == 0
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert (page.calendar_uid, page.calendar_sequence) == (uid, 1)


def test_moving_an_event_or_its_day_raises_the_sequence(demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    friday = ProgrammeDayPage.objects.get(date=datetime.date(2017, 12, 1))
    page.move(friday, pos="last-child")
    page.refresh_from_db()
    assert page.calendar_sequence == 1
    friday.date = datetime.date(2017, 12, 2)
    friday.save()
    page.refresh_from_db()
    assert (page.date, page.calendar_sequence) == (datetime.date(2017, 12, 2), 2)


def test_a_day_date_change_saved_as_a_draft_moves_nothing_yet(demo):
    friday = ProgrammeDayPage.objects.get(date=datetime.date(2017, 12, 1))
    friday.date = datetime.date(2017, 12, 2)
    friday.save_revision()
    assert set(EventPage.objects.child_of(friday).values_list("date", flat=True)) == {datetime.date(2017, 12, 1)}


def test_a_copied_event_is_a_new_event_for_calendars(demo):
    page = EventPage.objects.get(title="Power, Health and Social Justice")
    copy = page.copy(update_attrs={"slug": "power-again", "title": "Power again"})
    assert copy.calendar_uid != page.calendar_uid
    assert copy.calendar_sequence == 0


def test_every_event_got_its_own_uid(demo):
    uids = list(EventPage.objects.values_list("calendar_uid", flat=True))
    assert len(uids) == len(set(uids)) > 5


# --- Times, escaping, folding ----------------------------------------------------------
def test_scottish_times_round_trip_across_the_clock_change(client, home_page):
    year = CampaignYearPageFactory(
        parent=home_page, year=2031, start_date=datetime.date(2031, 3, 24), end_date=datetime.date(2031, 3, 31)
    )
    gmt = EventPageFactory(
        parent=ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 3, 29)), title="Before the change"
    )
    bst = EventPageFactory(
        parent=ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 3, 31)), title="After the change"
    )
    raw = client.get("/calendar/2031.ics").content.decode()
    assert "DTSTART;TZID=Europe/London:20310329T100000" in raw
    assert "DTSTART;TZID=Europe/London:20310331T100000" in raw
    calendar = parse(client.get("/calendar/2031.ics"))
    (timezone,) = calendar.walk("VTIMEZONE")
    offsets = {(c.name, c["TZOFFSETTO"].td) for c in timezone.subcomponents}
    assert ("STANDARD", datetime.timedelta(0)) in offsets
    assert ("DAYLIGHT", datetime.timedelta(hours=1)) in offsets
    events = events_in(calendar)
    before, after = events["Before the change"]["DTSTART"].dt, events["After the change"]["DTSTART"].dt
    assert before.astimezone(datetime.UTC) == datetime.datetime(2031, 3, 29, 10, tzinfo=datetime.UTC)
    assert after.astimezone(datetime.UTC) == datetime.datetime(2031, 3, 31, 9, tzinfo=datetime.UTC)
    assert (before, after) == (gmt.start, bst.start)


def test_text_is_escaped_and_long_lines_are_folded(client, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    awkward = "Power; sharing, and back\\slashes — a very long title that will not fit on one line of a calendar file"
    EventPageFactory(
        parent=ProgrammeDayPageFactory(parent=year),
        title=awkward,
        venue="Hall 1, Floor 2; Room 3",
        description="<p>First paragraph &amp; more.</p><p>Second line</p>",
        hosts=[OrganisationFactory(name="Voices, Together; Ltd")],
    )
    content = client.get("/calendar/2031.ics").content
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, line
    raw = content.decode().replace("\r\n ", "")
    assert "Power\\; sharing\\, and back\\\\slashes" in raw
    assert "Hall 1\\, Floor 2\\; Room 3" in raw
    (event,) = parse(client.get("/calendar/2031.ics")).walk("VEVENT")
    assert str(event["SUMMARY"]) == awkward
    assert str(event["LOCATION"]) == "Hall 1, Floor 2; Room 3, Glasgow, Glasgow City"
    assert "First paragraph & more.\n\nSecond line" in str(event["DESCRIPTION"])
    assert "Hosted by Voices, Together; Ltd" in str(event["DESCRIPTION"])


# --- Where feeds are found -------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/", "/calendar/upcoming.ics"),
        ("/2017/", "/calendar/2017.ics"),
        ("/2017/calendar/", "/calendar/2017.ics"),
        ("/2017/calendar/", "/calendar/upcoming.ics"),
        ("/2017/monday-27-november/", "/calendar/2017-11-27.ics"),
        ("/2017/tuesday-28-november/power-health-and-social-justice/", None),
    ],
)
def test_pages_advertise_their_feeds(client, demo, url, feed):
    if feed is None:
        feed = EventPage.objects.get(title="Power, Health and Social Justice").ics_url
    head = client.get(url).content.decode().split("</head>")[0]
    links = re.findall(r'<link rel="alternate" type="text/calendar" title="[^"]+" href="([^"]+)">', head)
    assert feed in links
    for link in links:
        parse(client.get(link))


def test_the_calendar_offers_a_subscription(client, demo):
    page = client.get("/2017/calendar/").content.decode()
    assert 'href="webcal://testserver/calendar/2017.ics"' in page
    assert "http://testserver/calendar/2017.ics" in page
