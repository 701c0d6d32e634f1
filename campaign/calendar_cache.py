"""Each event's VEVENT, serialized once and kept in the shared cache until content
changes, so calendar feeds are put together from ready-made pieces.

Writing an event with `icalendar` takes about half a millisecond (every property is
an object, every line is folded), and the year feed holds every event of the year: a
feed built from scratch took over 150 ms. The pieces are kept under the site-wide
content generation (core/page_cache.py), which any publish, move, privacy change or
edit of an organisation, person or the site bumps, so an edited title, time or host's
name is in the very next download. The full-page cache keeps whole feeds for a few
minutes; this keeps the pieces across those minutes and across feeds (the year, the
day, the upcoming events and the event's own file share them). An event never
published through Wagtail (made in code) has no publication time for its DTSTAMP and
carries the time its piece was written instead of the time of each download.
"""

import icalendar

from core.page_cache import remembered_per_generation, site_key

# As long as the template fragments kept under the same generation (base.html).
EVENT_SECONDS = 24 * 60 * 60
# Pieces written by the previous release are never served after a deploy: the keys
# name the release (core/release.py). The library's version is in the key as well: its
# line folding and escaping are part of the bytes.


def _namespace(request) -> str:
    # The VEVENT holds the event's full address, so the site asked for is in the key.
    return f"ics:{icalendar.__version__}:{site_key(request)}"


def events_ical(pks: list[int], request, render) -> bytes:
    """The VEVENTs of the events `pks`, in that order, as one block of bytes: from the
    cache, and from `render(missing_pks) -> {pk: bytes}` for the events not in it,
    which are then kept. Which events a feed holds is asked of the database every
    time, never kept: only the writing of each event is saved."""
    if not pks:
        return b""
    found = remembered_per_generation(_namespace(request), pks, render, EVENT_SECONDS)
    # An event deleted since the list was read has no piece and is left out.
    return b"".join(found.get(pk, b"") for pk in pks)
