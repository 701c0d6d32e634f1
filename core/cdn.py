"""Purging a CDN in front of the site: a changed page and the pages that list it, in one
batch, once the change is committed.

Why this exists
    Wagtail's frontend-cache app (installed; its backends are configured by environment
    in settings/base.py) purges a page's own address when it is published or unpublished,
    and nothing else. Readers arrive at lists, though: the home page lists the years, a
    year its days, events and posts, a day its events and the posts released on it, the
    calendar and the blog index their pages of events and posts, and the feeds carry them
    all. Without this module a post published during the week reached the blog index at
    the CDN only when its copy expired (PAGE_CACHE_SECONDS). As Wagtail's documentation
    advises for index pages, the addresses that list a page are purged with a PurgeBatch
    of Wagtail's own, through the same backends.

What is purged
    When a page is published or unpublished (deleting a live page unpublishes it first):
    every page above it from the home page down, each with its numbered pages
    (`get_cached_paths`), the live pages directly under its year (the calendar, the
    blog index, the days), and the addresses outside the page tree that show any of them
    (`BasePage.related_addresses`: feeds, an author's page). When a page is moved: the
    same around its old place and its new one, and the old address of the page and of
    every page below it (which now redirect or are gone); the same old addresses when a
    page is published with a new slug.

When a person or an organisation is edited
    The pages that name them (a person's posts; an organisation's events and its
    people's posts), with their own addresses (an author's page) and the lists around
    them, as if each had been published again.

When a picture or a document is edited or deleted
    The same for the live pages that show it, as Wagtail's reference index knows them
    (the pages using it, and the pages of a person or organisation using it): a new
    alternative text, file or focal point changes the page and its cards. Uploading
    one purges nothing (no page shows it yet).

What still waits for PAGE_CACHE_SECONDS at the CDN
    Filtered listings and searches (their addresses cannot all be named), the sitemaps,
    the pages below a changed one (a year's menu is on each page of the year), and
    every page when only the network's settings are edited (their footer, their default
    picture for sharing). The site's own page cache is purged of all of them at once
    (core/page_cache.py); README's deployment section says so.

When
    The addresses are worked out when the signal comes (a deleted page still exists
    then) and sent once the transaction commits, all of a request's changes together:
    unpublishing a day with forty events sends one batch, not forty, and works out the
    lists around the day once. Purging before the commit could let the CDN fetch the old
    page again straight away. With no CDN configured nothing is worked out at all.
"""

import math
import threading

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site

from core.page_cache import is_file_edit
from core.tree import parent_path


def configured() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


class PendingPurge(threading.local):
    """The addresses to purge when the current transaction commits, per thread.

    Each change asks for a purge on commit; the first to run sends every address
    gathered so far, and the rest find nothing left. Addresses gathered in a transaction
    that was rolled back go with the next batch: a page purged once too often costs the
    CDN one fetch, a page not purged costs readers stale content.

    The lists around a section are worked out once per batch: unpublishing a day
    unpublishes each of its events, and each would otherwise ask again for the same
    day, year and home page."""

    def __init__(self):
        self.urls = set()
        self.around = {}

    def add(self, urls) -> None:
        self.urls.update(urls)
        # Outside a transaction this runs at once.
        transaction.on_commit(self.send)

    def lists_around(self, section) -> set[str]:
        if section.pk not in self.around:
            self.around[section.pk] = lists_around(section, under_year=self.lists_under_year)
        return self.around[section.pk]

    def lists_under_year(self, year, root: str) -> set[str]:
        # The same for every section of a year: an organisation's events are on many days.
        key = ("year", year.pk)
        if key not in self.around:
            self.around[key] = lists_under_year(year, root)
        return self.around[key]

    def send(self) -> None:
        urls, self.urls, self.around = self.urls, set(), {}
        if urls:
            PurgeBatch(urls).purge()


pending = PendingPurge()


def numbered_pages(count: int, per_page: int) -> list[str]:
    """'/?page=2' onwards for a listing of `count` items (as Page.get_cached_paths gives
    them), one beyond the last too: a listing asked for past its end shows its last
    page, which moves when an item is added or taken away."""
    last = max(1, math.ceil(count / per_page))
    return [f"/?page={number}" for number in range(2, last + 2)]


def site_root(page) -> str | None:
    site = page.get_site()
    return site.root_url.rstrip("/") if site is not None else None


def related_addresses(page, root: str) -> set[str]:
    # Every page type of ours has the method; a Wagtail page type with none (a plain
    # Page, if an editor ever made one) has nothing to add.
    return {f"{root}{address}" for address in getattr(page, "related_addresses", list)()}


def addresses_of(pages, root: str) -> set[str]:
    """Each page's full addresses (with its numbered pages) and what shows it outside
    the page tree (feeds, an author's page)."""
    batch = PurgeBatch()
    batch.add_pages(pages)
    urls = set(batch.urls)
    for page in pages:
        urls.update(related_addresses(page, root))
    return urls


def lists_around(section, under_year=None) -> set[str]:
    """Addresses of the pages that list what is in `section` (a page with pages under
    it): the section itself and every page above it up to the home page, and the live
    pages directly under its year, with what shows them outside the page tree."""
    section = section.specific_deferred
    root = site_root(section)
    if root is None:  # on no site
        return set()
    # Depth 1 is the tree's root, which no site shows.
    above = list(Page.objects.ancestor_of(section, inclusive=True).filter(depth__gt=1).live().specific())
    urls = addresses_of(above, root)
    year = getattr(section, "campaign_year", None)
    if year is not None:
        urls |= (under_year or lists_under_year)(year, root)
    return urls


def lists_under_year(year, root: str) -> set[str]:
    """The live pages directly under a year (its calendar, blog index and days), each
    with its numbered pages and feeds."""
    return addresses_of(list(year.get_children().live().specific()), root)


def own_addresses(page, *, with_the_page: bool) -> set[str]:
    """What shows `page` outside the page tree, and its own addresses if asked."""
    page = page.specific_deferred
    root = site_root(page)
    if root is None:
        return set()
    return addresses_of([page], root) if with_the_page else related_addresses(page, root)


def old_addresses(page, url_path_before: str, url_path_after: str) -> set[str]:
    """Where a moved page and every page below it were before the move."""
    roots = Site.get_site_root_paths()
    urls = set()
    below = Page.objects.descendant_of(page, inclusive=True).live().values_list("url_path", flat=True)
    for url_path in below:
        before = url_path_before + url_path.removeprefix(url_path_after)
        for root in roots:
            if before.startswith(root.root_path):
                urls.add(root.root_url.rstrip("/") + "/" + before.removeprefix(root.root_path))
    return urls


def purge_listings(sender, instance, **kwargs) -> None:
    # The page's own address is Wagtail's to purge (its frontend-cache app); the rest here.
    parent = instance.get_parent() if configured() else None
    if parent is not None:
        pending.add(pending.lists_around(parent) | own_addresses(instance, with_the_page=False))


def purge_on_move(sender, instance, parent_page_before, parent_page_after, url_path_before, url_path_after, **kwargs):
    # A page moved among its siblings keeps its address but changes the order of menus
    # and lists, so it is purged the same way.
    if not configured() or not instance.live:
        return
    pending.add(
        old_addresses(instance, url_path_before, url_path_after)
        | own_addresses(instance, with_the_page=True)
        | pending.lists_around(parent_page_after)
        | pending.lists_around(parent_page_before)
    )


def purge_on_slug_change(sender, instance, instance_before, **kwargs) -> None:
    # Sent after the commit, by the save that published the new slug: the lists were
    # purged on publishing; here the old addresses of the page and the pages below it.
    if configured() and instance.live:
        pending.add(old_addresses(instance, instance_before.url_path, instance.url_path))


def purge_pages(pages) -> None:
    """The pages, with their own addresses (an author's page) and the lists around them,
    as if each had been published again."""
    pages = list(pages.specific())
    # Their sections in one query, not one each.
    sections = {section.path: section for section in Page.objects.filter(path__in={parent_path(p.path) for p in pages})}
    urls = set()
    for page in pages:
        section = sections.get(parent_path(page.path))
        urls |= own_addresses(page, with_the_page=True) | (pending.lists_around(section) if section else set())
    pending.add(urls)


def purge_pages_showing(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A person or an organisation edited (or about to be deleted): the pages that name
    it, and their lists. A new one is shown nowhere yet; a fixture being loaded (raw)
    is not an edit, and its pages may not be there yet."""
    if created or raw or not configured():
        return
    purge_pages(instance.pages_that_show_it())


def pages_using(instance):
    """The live pages that show a picture or a document, as Wagtail's reference index
    knows them: the pages that use it (a post's feature image, a resource's file, a
    picture in a page's body) and the pages that show a person or an organisation that
    uses it (a person's photo is on their posts). The network settings' default image
    is on every page without one of its own: those wait (module docstring)."""
    from wagtail.models import ReferenceIndex

    sources = ReferenceIndex.get_references_to(instance).values_list("base_content_type", "object_id").distinct()
    ids_by_type = {}
    for content_type_id, object_id in sources:
        ids_by_type.setdefault(content_type_id, set()).add(object_id)
    shown = Q(pk__in=[])
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and issubclass(model, Page):
            shown |= Q(pk__in=ids)
        elif model is not None and hasattr(model, "pages_that_show_it"):
            for source in model.objects.filter(pk__in=ids):
                shown |= Q(pk__in=source.pages_that_show_it().values("pk"))
    return Page.objects.live().filter(shown)


def purge_pages_using(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    """A picture or a document edited (its title, which is a picture's alternative
    text; its file; its focal point, which moves its crops) or about to be deleted: the
    pages that show it, and their lists. Not an upload, nor Wagtail's bookkeeping."""
    if raw or not configured() or not is_file_edit(created, update_fields):
        return
    purge_pages(pages_using(instance))


def connect_signals() -> None:
    from django.db.models.signals import post_save, pre_delete

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from core.models import Organisation, Person

    page_published.connect(purge_listings, dispatch_uid="cdn-published")
    page_unpublished.connect(purge_listings, dispatch_uid="cdn-unpublished")
    post_page_move.connect(purge_on_move, dispatch_uid="cdn-moved")
    page_slug_changed.connect(purge_on_slug_change, dispatch_uid="cdn-slug-changed")
    # Before a deletion, while the pages that name it still do (an organisation's
    # people are kept, without it).
    for model in (Person, Organisation):
        post_save.connect(purge_pages_showing, sender=model, dispatch_uid=f"cdn-saved-{model._meta.label}")
        pre_delete.connect(purge_pages_showing, sender=model, dispatch_uid=f"cdn-deleted-{model._meta.label}")
    for model in (get_image_model(), get_document_model()):
        post_save.connect(purge_pages_using, sender=model, dispatch_uid=f"cdn-saved-{model._meta.label}")
        pre_delete.connect(purge_pages_using, sender=model, dispatch_uid=f"cdn-deleted-{model._meta.label}")
