"""Events in other people's calendars: iCalendar files (RFC 5545, built with the
`icalendar` library) and "add to calendar" links for Google Calendar and Outlook.

Times are Scottish local time, written with TZID=Europe/London and a VTIMEZONE, so
calendars get BST and GMT right on both sides of the clock change. An event whose
time was never announced is an all-day event on its date.
"""

import datetime
from functools import lru_cache
from urllib.parse import urlencode

from icalendar import Calendar, Event, Timezone

from django.db.models import QuerySet
from django.utils import timezone

from campaign import calendar_cache
from core.in_process import PerGeneration
from core.text import rich_text_to_plain

PRODID = "-//Scottish Co-production Network//Co-production Week Scotland//EN"
TZID = "Europe/London"
# How often subscribed calendars should look for changes (RFC 7986 REFRESH-INTERVAL,
# and the older X-PUBLISHED-TTL that Outlook and Apple read).
REFRESH_INTERVAL = datetime.timedelta(hours=6)
REFRESH_TTL = "PT6H"
# Long descriptions make "add to calendar" links too long for some browsers.
LINK_DETAILS_LIMIT = 1000
CALENDAR_END = b"END:VCALENDAR\r\n"

# Which events each feed holds (ids, days and times), by the feed's `kept_as` key.
_listed = PerGeneration("calendars:listed")


@lru_cache(maxsize=32)
def london_timezone(first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE for Europe/London covering the given years. Building it walks
    every offset change, so it is made once per range and process."""
    return Timezone.from_tzid(
        TZID, first_date=datetime.date(first_year, 1, 1), last_date=datetime.date(last_year + 1, 1, 1)
    )


@lru_cache(maxsize=32)
def london_timezone_ical(first_year: int, last_year: int) -> bytes:
    return london_timezone(first_year, last_year).to_ical()


def location_text(event) -> str:
    if event.attendance_mode == "online":
        return f"Online: {event.online_link}" if event.online_link else "Online"
    return event.where_in_words


def description_text(event, url: str) -> str:
    parts = []
    if event.question:
        parts.append(f"The question: {event.question}")
    description = rich_text_to_plain(event.description)
    if description:
        parts.append(description)
    hosts = ", ".join(org.name for org in event.host_organisations())
    if hosts:
        parts.append(f"Hosted by {hosts}")
    if event.online_link:
        parts.append(f"Join online: {event.online_link}")
    if event.booking_link:
        parts.append(f"Book a place: {event.booking_link}")
    parts.append(f"More: {url}")
    return "\n\n".join(parts)


def _utc(value: datetime.datetime | None) -> datetime.datetime:
    return (value or timezone.now()).astimezone(datetime.UTC)


def event_component(event, url: str) -> Event:
    component = Event()
    component.add("uid", str(event.calendar_uid))
    # When the information was last revised (RFC 5545 3.8.7.2): the last publication,
    # so the same event reads the same on every download.
    component.add("dtstamp", _utc(event.last_published_at))
    component.add("sequence", event.calendar_sequence)
    component.add("summary", event.title)
    if event.start:
        component.add("dtstart", event.start)
        if event.end:
            component.add("dtend", event.end)
    else:
        component.add("dtstart", event.date)
        component.add("dtend", event.date + datetime.timedelta(days=1))
    component.add("url", url)
    location = location_text(event)
    if location:
        component.add("location", location)
    component.add("description", description_text(event, url))
    component.add("categories", [event.get_kind_display()])
    component.add("status", "CONFIRMED")
    if event.first_published_at:
        component.add("created", _utc(event.first_published_at))
    if event.last_published_at:
        component.add("last-modified", _utc(event.last_published_at))
    return component


def calendar_head(*, name: str, description: str, subscription: bool) -> Calendar:
    """The calendar's own properties, without the time zone or any event."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", description)
    calendar.add("x-wr-timezone", TZID)
    if subscription:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", REFRESH_TTL)
    return calendar


def event_ical(event, request) -> bytes:
    """One event's VEVENT as it appears in any feed, folded and ending in CRLF."""
    return event_component(event, event.get_full_url(request)).to_ical()


def build_calendar(events, *, name: str, description: str, request, subscription: bool = True, kept_as=None) -> bytes:
    """An iCalendar file holding `events`: a queryset of EventPage, or a list of pages
    already fetched.

    The file is what icalendar writes for a Calendar holding the time zone and the
    events, put together from pieces: each event's VEVENT comes from the cache of
    serialized events (calendar_cache.py), so a feed of hundreds of events asks the
    database only which events it holds, and runs icalendar only for the calendar's
    own few lines. With `kept_as`, a key naming the feed, each process keeps which
    events those are until content changes (core.in_process)."""
    if isinstance(events, QuerySet):

        def rows():
            return tuple(events.prefetch_related(None).values_list("pk", "date", "start_time"))

        listed = _listed.get(kept_as, rows) if kept_as is not None else rows()
        pages = None
    else:
        listed = [(event.pk, event.date, event.start_time) for event in events]
        pages = list(events)
    head = calendar_head(name=name, description=description, subscription=subscription).to_ical()
    # icalendar writes subcomponents after the calendar's properties, before its END line.
    head, end = head[: -len(CALENDAR_END)], head[-len(CALENDAR_END) :]
    timed_years = [date.year for _pk, date, start_time in listed if start_time]
    zone = london_timezone_ical(min(timed_years), max(timed_years)) if timed_years else b""
    vevents = calendar_cache.events_ical(
        [pk for pk, _date, _start_time in listed],
        request,
        render=lambda pks: _render_events(pks, request, pages),
    )
    return b"".join([head, zone, vevents, end])


def _render_events(pks: list[int], request, pages: list | None) -> dict[int, bytes]:
    """The VEVENTs of events not in the cache: from the pages given, or fetched with
    their hosts in two queries."""
    if pages is None:
        from campaign.models import EventPage

        pages = EventPage.objects.filter(pk__in=pks).defer_streamfields()
        pages = pages.with_related("hosts", "organisation", select_related="organisation")
    wanted = set(pks)
    return {page.pk: event_ical(page, request) for page in pages if page.pk in wanted}


def feed_addresses(request, path: str) -> dict:
    """A feed's address to download it, to paste into a calendar app, and as a
    webcal:// link that opens the reader's calendar app ready to subscribe."""
    absolute = request.build_absolute_uri(path)
    return {"path": path, "absolute": absolute, "webcal": "webcal://" + absolute.split("://", 1)[1]}


# --- "Add to calendar" links ----------------------------------------------------------
def _details(event, url: str) -> str:
    text = description_text(event, url)
    if len(text) > LINK_DETAILS_LIMIT:
        text = text[: LINK_DETAILS_LIMIT - 1].rstrip() + "…\n\n" + f"More: {url}"
    return text


def google_calendar_url(event, url: str) -> str:
    if event.start:
        stamp = "%Y%m%dT%H%M%S"
        dates = f"{event.start:{stamp}}/{(event.end or event.start):{stamp}}"
    else:
        dates = f"{event.date:%Y%m%d}/{event.date + datetime.timedelta(days=1):%Y%m%d}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        # Local times, read in Scottish time whatever the reader's own zone.
        "ctz": TZID,
        "details": _details(event, url),
        "location": location_text(event),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(params)


def outlook_calendar_url(event, url: str) -> str:
    params = {"path": "/calendar/action/compose", "rru": "addevent", "subject": event.title}
    if event.start:
        params.update(startdt=event.start.isoformat(), enddt=(event.end or event.start).isoformat(), allday="false")
    else:
        params.update(
            startdt=event.date.isoformat(),
            enddt=(event.date + datetime.timedelta(days=1)).isoformat(),
            allday="true",
        )
    params.update(body=_details(event, url), location=location_text(event))
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(params)
