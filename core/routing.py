"""Finding the page an address names in two queries, however deep it sits.

Wagtail routes /2017/blog/a-post/ by walking the tree from the site's root: for each
part of the address it asks for the child with that slug, then for the child's own
type (two queries a level), so an event or a post costs six queries before its view
runs. Every page already stores its whole address as `url_path` (Wagtail keeps it
current on every move and slug change), so one query finds every page along the way
and one more fetches the last of them as its own type.

Routing stays Wagtail's: the page found gets the rest of the address through its own
`route()`, and a page type that routes differently (a form page's "thank you" and
photo addresses, RoutablePageMixin) is handed the remaining parts as Wagtail would
hand them. Only the walk through ordinary pages is shortened.

Both answers follow only from content, so each process keeps them until content
changes (core.in_process): the pages along an address, and the page found there, as
its own type. A page a request is served is a copy of the one kept.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from core.in_process import PerGeneration

# Addresses asked for (anyone can make one up: a bounded number) and pages found.
_walks = PerGeneration("routing:walks", max_entries=5000)
_pages = PerGeneration("routing:pages", max_entries=2000)


def pages_along(root, components: list[str]) -> list[tuple[int, int]]:
    """(id, content type id) of the pages at root/components[0]/…, as far as the
    address names existing pages, shallowest first."""
    from wagtail.models import Page

    prefixes = {root.url_path + "/".join(components[: i + 1]) + "/" for i in range(len(components))}
    # By slug, which Wagtail indexes (url_path is not), then by whole address here.
    rows = sorted(
        (depth, page_id, content_type_id)
        for depth, page_id, content_type_id, url_path, path in Page.objects.filter(
            slug__in=set(components), depth__gt=root.depth, depth__lte=root.depth + len(components)
        ).values_list("depth", "id", "content_type_id", "url_path", "path")
        if url_path in prefixes and path.startswith(root.path)
    )
    found = []
    # Each level must be the child of the one before; a gap means the address leaves
    # the tree there (the rest is for a page's own route, or nothing).
    for depth, page_id, content_type_id in rows:
        if depth != root.depth + 1 + len(found):
            break
        found.append((page_id, content_type_id))
    return found


def route_in_one_walk(root, request, components: list[str], ordinary_route):
    """What `root.route(request, components)` returns, with the walk through ordinary
    pages done in two queries. `ordinary_route` is the route method that only walks
    to children (BasePage.route); a page whose class replaces it routes the rest."""
    chain = _walks.get((root.path, tuple(components)), lambda: pages_along(root, components))
    if not chain:
        raise Http404
    models_along = [ContentType.objects.get_for_id(content_type_id).model_class() for _, content_type_id in chain]
    # Stop at the first page that routes its own way, else at the deepest page found.
    steps = next(
        (i + 1 for i, model in enumerate(models_along) if getattr(model, "route", None) is not ordinary_route),
        len(chain),
    )
    page_id, model = chain[steps - 1][0], models_along[steps - 1]
    if model is None:
        raise Http404  # a page whose type's code has been removed
    fetch = getattr(model, "serving_queryset", model.objects.all)
    page = _pages.get_copy((model, page_id), lambda: fetch().filter(pk=page_id).first())
    if page is None:  # deleted between the two queries
        raise Http404
    return page.route(request, components[steps:])
