"""Which pages are private, asked once per content generation instead of once per list.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it is
called, and a year page builds five lists. ``SitePageQuerySet`` (every page type's
queryset, through ``BasePage.objects``) answers ``public()`` from a list kept in the
shared cache instead; ``public_q()`` is the same filter for querysets of plain
``Page`` (a page's children, site-wide search). The list is keyed by the page cache's content
generation (core/page_cache.py), which any change to a page or a restriction bumps, so
it can never be older than the pages it filters.
"""

from django.core.cache import cache
from django.db.models import Q

from wagtail.query import PageQuerySet

from core.in_process import PerGeneration
from core.page_cache import current_generation
from core.tree import PathRangeQuerySetMixin, descendants_q

CACHE_SECONDS = 24 * 60 * 60
_paths = PerGeneration("privacy:paths", max_entries=1)


def private_paths() -> list[str]:
    from wagtail.models import PageViewRestriction

    # Asked several times by every page view: kept by each process (core.in_process),
    # and once per generation in the shared cache for the processes still to ask.
    def shared():
        key = f"privacy:paths:{current_generation()}"
        paths = cache.get(key)
        if paths is None:
            paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
            cache.set(key, paths, CACHE_SECONDS)
        return tuple(paths)

    return _paths.get("all", shared)


def private_q() -> Q:
    """Pages in a private section (a restricted page and everything under it)."""
    private = Q()
    for path in private_paths():
        private |= descendants_q(path, inclusive=True)
    return private


def public_q() -> Q:
    """Pages no restriction hides: ``queryset.filter(public_q())`` is ``queryset.public()``."""
    private = private_q()
    return ~private if private else Q()


class SitePageQuerySet(PathRangeQuerySetMixin, PageQuerySet):
    """Wagtail's page queryset, with ``public()`` and ``not_public()`` answered from the
    cached list of private sections, and descendants found through the path index
    (core/tree.py)."""

    def private_q(self):
        # Wagtail's own returns a filter matching nothing when no section is private.
        return private_q() or Q(pk__in=[])
