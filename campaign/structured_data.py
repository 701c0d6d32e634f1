"""schema.org Event data for an event page, as JSON-LD for search engines."""

from wagtail.images.models import SourceImageIOError

from campaign.models.events import AttendanceMode
from core.renditions import rendition_of
from core.text import rich_text_to_plain

SCHEMA = "https://schema.org"
ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: f"{SCHEMA}/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: f"{SCHEMA}/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: f"{SCHEMA}/MixedEventAttendanceMode",
}
IMAGE_SPEC = "fill-1200x675"


def _place(event) -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "GB"}
    if event.town:
        address["addressLocality"] = event.town
    # Every event of the week is in Scotland; the council area narrows it when known.
    address["addressRegion"] = event.council_area_name or "Scotland"
    name = event.venue or event.town or event.council_area_name or "Scotland"
    return {"@type": "Place", "name": name, "address": address}


def _virtual_location(event, url: str) -> dict:
    return {"@type": "VirtualLocation", "url": event.online_link or event.booking_link or url}


def _location(event, url: str):
    if event.attendance_mode == AttendanceMode.ONLINE:
        return _virtual_location(event, url)
    if event.attendance_mode == AttendanceMode.MIXED:
        return [_place(event), _virtual_location(event, url)]
    return _place(event)


def _organisation(org) -> dict:
    data = {"@type": "Organization", "name": org.name}
    if org.website:
        data["url"] = org.website
    return data


def _image_url(event, request) -> str:
    image = event.image or event.social_image
    if image is None:
        return ""
    try:
        rendition = rendition_of(image, IMAGE_SPEC)
    except (SourceImageIOError, OSError):
        # The original file is missing or unreadable: the page still renders, without it.
        return ""
    return request.build_absolute_uri(rendition.url)


def event_structured_data(event, request) -> dict:
    url = event.get_full_url(request)
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": event.title,
        "url": url,
        # A time-less event is a whole day: a Date rather than a DateTime.
        "startDate": event.start.isoformat() if event.start else event.date.isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance_mode],
        "eventStatus": f"{SCHEMA}/EventScheduled",
        "location": _location(event, url),
    }
    if event.end:
        data["endDate"] = event.end.isoformat()
    elif not event.start:
        data["endDate"] = event.date.isoformat()
    description = rich_text_to_plain(event.description) or event.question or event.search_description
    if description:
        data["description"] = description
    organisers = [_organisation(org) for org in event.host_organisations()]
    if organisers:
        data["organizer"] = organisers[0] if len(organisers) == 1 else organisers
    image_url = _image_url(event, request)
    if image_url:
        data["image"] = image_url
    return data
