from django import template

from resources.models import Resource, ResourceIndexPage

register = template.Library()


@register.inclusion_tag("resources/includes/event_resources.html", takes_context=True)
def resources_from_event(context, event):
    """The published resources that were launched or shown at `event`, linking to each
    on its resources page."""
    published_pages = ResourceIndexPage.objects.live().public()
    resources = (
        Resource.objects.filter(event=event, page__in=published_pages)
        .select_related("page")
        .order_by("page__path", "sort_order")
    )
    return {"resources": list(resources), "request": context.get("request")}
