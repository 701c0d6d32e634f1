"""An event's card, as the day, the calendar and their filtered and paged addresses list
it, and its line in a year's programme (kept per content generation: core/cards.py)."""

from core.cards import CardKind


def _events(ids):
    from campaign.models import EventPage

    # As the listings fetch them: hosts for every card in one query; no body or recap.
    return EventPage.objects.filter(pk__in=ids).in_programme_order().defer_streamfields()


EVENT_CARD = CardKind(name="event", template="campaign/includes/event_card.html", variable="event", pages=_events)


def _event_lines(ids):
    from campaign.models import EventPage

    return EventPage.objects.filter(pk__in=ids).only(
        "id", "path", "depth", "url_path", "title", "kind", "start_time", "end_time"
    )


EVENT_LINE = CardKind(
    name="event-line", template="campaign/includes/event_line.html", variable="event", pages=_event_lines
)
