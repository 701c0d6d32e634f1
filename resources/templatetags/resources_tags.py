from django import template

from core.in_process import PerGeneration
from resources.models import Resource, ResourceIndexPage

register = template.Library()

# The events any published resource names: most events have none, and every event
# page would otherwise ask. Resources are rows of their resources page, so they change
# only when it is published, which moves the content generation on.
_events_with_resources = PerGeneration("resources:events", max_entries=1)


def published_resources():
    return Resource.objects.filter(page__in=ResourceIndexPage.objects.live().public())


@register.inclusion_tag("resources/includes/event_resources.html", takes_context=True)
def resources_from_event(context, event):
    """The published resources that were launched or shown at `event`, linking to each
    on its resources page."""
    events = _events_with_resources.get(
        "all", lambda: frozenset(published_resources().exclude(event=None).values_list("event_id", flat=True))
    )
    if event.pk not in events:
        return {"resources": [], "request": context.get("request")}
    resources = published_resources().filter(event=event).select_related("page").order_by("page__path", "sort_order")
    return {"resources": list(resources), "request": context.get("request")}
