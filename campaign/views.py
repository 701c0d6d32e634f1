"""Calendar feeds (.ics): one per event, per day, per year and for everything upcoming.

Only live, public events are included. Each file's content depends only on what is
published, so an ETag lets calendar apps that poll a subscription skip unchanged files.
"""

import datetime
import hashlib

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from campaign.calendars import build_calendar
from campaign.models import EventPage, ProgrammeDayPage
from core.years import live_year

# Subscriptions are read by calendar apps every few hours; a short public cache spares
# the database without keeping a change away from readers for long.
FEED_MAX_AGE = 15 * 60
# The upcoming feed covers every future event; this bounds it should years pile up.
UPCOMING_LIMIT = 500


def _events():
    return EventPage.objects.live().public().in_programme_order().defer_streamfields()


def calendar_response(request, content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    conditional = get_conditional_response(request, etag=etag)
    if conditional is not None:
        return conditional
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    return response


@require_safe
def event_feed(request, pk: int):
    # Its hosts are asked for only if its VEVENT is not in the cache (calendars.py).
    event = get_object_or_404(EventPage.objects.live().public().defer_streamfields(), pk=pk)
    content = build_calendar(
        [event],
        name=event.title,
        description=f"{event.title}, {event.when_in_words}",
        request=request,
        subscription=False,
    )
    return calendar_response(request, content, f"{event.slug}.ics", download=True)


@require_safe
def day_feed(request, date: str):
    try:
        day_date = datetime.date.fromisoformat(date)
    except ValueError as exc:
        raise Http404("Not a date") from exc
    day = get_object_or_404(ProgrammeDayPage.objects.live().public(), date=day_date)
    year = day.campaign_year
    content = build_calendar(
        _events().child_of(day),
        name=f"{day.title} — {year.title}" if year else day.title,
        description=f"Events on {day.date_in_words}.",
        request=request,
    )
    return calendar_response(request, content, f"coproweek-{day_date.isoformat()}.ics")


@require_safe
def year_feed(request, year: int):
    year_page = live_year(year)
    if year_page is None:
        raise Http404("No such year")
    content = build_calendar(
        _events().descendant_of(year_page),
        name=year_page.title,
        description=f"Every event of {year_page.title}, {year_page.dates_in_words}.",
        request=request,
        kept_as=("year", year),
    )
    return calendar_response(request, content, f"coproweek-{year}.ics")


@require_safe
def upcoming_feed(request):
    today = timezone.localdate()
    events = _events().filter(date__gte=today)[:UPCOMING_LIMIT]
    content = build_calendar(
        events,
        name="Co-production Week Scotland: upcoming events",
        description="Every upcoming event of Co-production Week Scotland.",
        request=request,
        kept_as=("upcoming", today),
    )
    return calendar_response(request, content, "coproweek-upcoming.ics")
