"""Which pages are private, asked once per content generation instead of once per list.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it is
called, and a year page builds five lists. ``SitePageQuerySet`` (every page type's
queryset, through ``BasePage.objects``) answers ``public()`` from a list each process
keeps instead (core.in_process); ``public_q()`` is the same filter for querysets of plain
``Page`` (a page's children, site-wide search). The list is keyed by the page cache's content
generation (core/page_cache.py), which any change to a page or a restriction bumps, so
it can never be older than the pages it filters.
"""

from django.db.models import Q

from wagtail.query import PageQuerySet

from core.in_process import PerGeneration
from core.tree import PathRangeQuerySetMixin, descendants_q

_paths = PerGeneration("privacy:paths", max_entries=1)


def private_paths() -> tuple[str, ...]:
    from wagtail.models import PageViewRestriction

    # Asked several times by every page view: one query per process until content
    # changes (a restriction added or removed bumps the generation).
    return _paths.get("all", lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)))


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
