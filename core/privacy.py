"""Which pages are private, asked once per content generation instead of once per list.

Wagtail's ``PageQuerySet.public()`` reads every view restriction each time it is
called, and a year page builds five lists; ``public_q()`` here gives the same filter
from a list kept in the shared cache. The list is keyed by the page cache's content
generation (core/page_cache.py), which any change to a page or a restriction bumps, so
it can never be older than the pages it filters.
"""

from django.core.cache import cache
from django.db.models import Q

from core.page_cache import current_generation

CACHE_SECONDS = 24 * 60 * 60


def private_paths() -> list[str]:
    from wagtail.models import PageViewRestriction

    key = f"privacy:paths:{current_generation()}"
    paths = cache.get(key)
    if paths is None:
        paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, CACHE_SECONDS)
    return paths


def public_q() -> Q:
    """Pages no restriction hides: ``queryset.filter(public_q())`` is ``queryset.public()``."""
    private = Q()
    for path in private_paths():
        private |= Q(path__startswith=path)
    return ~private if private else Q()
