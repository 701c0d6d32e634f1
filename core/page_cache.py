"""Full-page cache for anonymous visitors, shared by every app server through Redis.

What it does
    An anonymous GET of a public page is answered from the cache (no view, no template,
    no SQL) when an identical request was answered before. The cache is Django's default
    cache: Redis when REDIS_URL is set (shared across processes and app servers), a
    per-process memory cache otherwise (settings/base.py).

Why our own small middleware and not a library
    wagtail-cache, the maintained Wagtail page-cache library, requires wagtail<8 and
    cannot be installed with Wagtail 8. Django's own UpdateCacheMiddleware /
    FetchFromCacheMiddleware key pages by URL and headers only, and cannot be purged
    when content changes. This module keeps to Django's cache API and Wagtail's signals;
    purging a CDN in front is left to Wagtail's own frontend-cache app
    (wagtail.contrib.frontend_cache, configured by environment in settings/base.py).

How it is purged: one content generation for the whole site
    Every cached page's key includes a "generation" number kept in the shared cache
    (without Redis, in a file every process on the machine reads: generation_file.py). Any
    change to content a public page can show (a page published, unpublished, moved,
    deleted or scheduled; a person, an organisation, a resource, a picture, a document, a
    redirect or the network settings edited) bumps the number, so every cached page is
    invalidated at once, atomically, on every app server. Purging URL by URL would be fragile here: the
    home page lists years, each year page lists events and posts, the year menu is on
    every page of a year, author names are on post listings, feeds, the calendar and
    search results — one edit changes many pages, and missing one serves stale content.
    Edits are rare (a few a day) and views are many, so re-rendering the site's pages
    after an edit costs little. Old entries are never read again and expire.
    The keys also name the release (core/release.py), so a deploy is never served the
    pages its predecessor rendered.

Compressed once
    Each cached page is kept twice, as it is sent: gzipped, for the clients that accept
    it (all browsers and calendar apps), and plain, for the others; pages that are never
    cached are never compressed, as they may hold a secret (ready_to_send says why).

Links with trackers
    `?utm_source=…`, `?fbclid=…` and the like are taken out of a public page's request
    first (core/tracking_parameters.py), so a burst of visitors from one post, each
    with their own click id, is served from one cached page.

What is never cached
    Requests with a session cookie (signed-in editors, previews), anything but GET,
    responses that set a cookie (a CSRF token for a form, a session), responses that
    carry a form's CSRF token, responses marked private/no-store, errors, files
    (documents) and anything under /admin/ or /preview/.
"""

import hashlib
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip as accepts_gzip
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from core import generation_file, generation_tracking, release
from core.tracking_parameters import drop_tracking_parameters

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
LOCAL_COPIES = "local-pages"
FRAGMENT_CACHE = "fragments"
HIT_HEADER = "X-Page-Cache"
# Only pages and feeds: never documents or other files.
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml", "application/xml", "text/calendar")
NEVER_CACHED_PREFIXES = ("/admin/", "/preview/", "/documents/", "/django-admin/")


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


# The generation as this request first read it: the page cache, the template fragments,
# the private sections and the site lookup all ask, and each read costs something (a
# poll of the tracking connection, or a round trip). Only while a request is being
# answered (PageCacheMiddleware), and forgotten when this process changes content itself.
# A context variable rather than asgiref's Local: it is read on every cache hit, and a
# Local costs several times as much per read, a measurable share of a hit.
_OUTSIDE_A_REQUEST = object()
_request_generation: ContextVar = ContextVar("page_cache_generation", default=_OUTSIDE_A_REQUEST)


def current_generation() -> int:
    remembered = _request_generation.get()
    if remembered is not None and remembered is not _OUTSIDE_A_REQUEST:
        return remembered
    generation = stored_generation()
    if generation is None and (file := generation_file.path()) is not None:
        generation = generation_file.bump(file, only_if_missing=True)
    elif generation is None:
        # add() is atomic: two servers starting at once agree on the first number. It is
        # the time rather than 1, so that it differs from any number used before the
        # cache was emptied: processes remember things per generation (core.sites).
        cache.add(GENERATION_KEY, generation_file.fresh_number(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    if generation is None:
        # No cache at all (Redis down): a number never seen before, so nothing is
        # reused from memory while the site cannot know whether content changed.
        return time.time_ns()
    if remembered is not _OUTSIDE_A_REQUEST:
        _request_generation.set(generation)
    return generation


def stored_generation() -> int | None:
    """The generation in the shared cache; with Redis, from this process's tracked copy,
    which Redis itself invalidates (core/generation_tracking.py); without, from the file
    every process on this machine shares (core/generation_file.py)."""
    if (file := generation_file.path()) is not None:
        return generation_file.read(file)
    tracker = generation_tracking.tracked(cache.make_key(GENERATION_KEY))
    if tracker is not None:
        try:
            return tracker.get()
        except generation_tracking.Unavailable:
            pass
    return cache.get(GENERATION_KEY)


def content_generation(request) -> dict:
    """Context processor: the generation, for template fragments cached until content
    changes (base.html's head links, header, year menu, breadcrumbs and footer), with
    the release, so that a deploy's new templates show at once (core/release.py)."""
    site = getattr(request, "_wagtail_site", None)
    return {
        "content_generation": f"{current_generation()}.{release.fingerprint()}",
        # The request's Wagtail site (core.sites), for fragments showing its network
        # settings (header and footer): each site has its own.
        "fragment_site": site.pk if site is not None else "",
        # Where they are kept: each process's own memory (settings: "fragments"), else
        # the default cache when the settings name no such cache (a test's).
        "fragment_cache": FRAGMENT_CACHE if FRAGMENT_CACHE in settings.CACHES else "default",
    }


def purge_all(**_signal_kwargs) -> None:
    """Invalidate every cached page on every app server (see the module docstring).

    Content changes inside a transaction (publishing is one), and the signals that call
    this come before it commits. A visitor's request arriving in between reads the new
    generation but, from the database, the content as it was, and would keep that under
    the new generation: a stale page, card or listing until the next edit. So the
    generation moves on again once the change is committed (at once when there is no
    transaction); whatever was kept in between is never read."""
    _bump_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_generation, robust=True)


def _bump_generation() -> None:
    forget_request_generation()
    if (file := generation_file.path()) is not None:
        generation_file.bump(file)
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet (or the cache was cleared): start one
        current_generation()
        cache.incr(GENERATION_KEY)
    # Starting one may have remembered the number before the increment.
    forget_request_generation()


def forget_request_generation() -> None:
    if _request_generation.get() is not _OUTSIDE_A_REQUEST:
        _request_generation.set(None)


def remembered_per_generation(namespace: str, ids: list, compute, timeout: int, *, in_process: bool = True) -> dict:
    """{id: value} for each of `ids`, kept in the shared cache until content changes or
    the site is deployed again (their keys hold the generation and the release), or
    `timeout` passes; `compute(missing_ids) -> {id: value}` makes those not kept yet, in
    one go, and they are then kept. An id `compute` leaves out is left out of the answer
    too.

    With `in_process`, each process also keeps what it got in its own memory until
    content changes (core.in_process), so that a listing's fifty cards cost no round
    trip to Redis and no unpickling after the first view; only for values that change
    with content alone, as `timeout` is not kept to there."""
    if not in_process:
        return _remembered_shared(namespace, ids, compute, timeout)
    from core.in_process import PerGeneration

    global _kept_pieces
    if _kept_pieces is None:
        _kept_pieces = PerGeneration("page-cache:pieces", max_entries=10000)
    # The release too, as in the shared cache's keys (a process serves one, but tests
    # and `manage.py` commands may change it under a running one).
    space = (namespace, release.fingerprint())
    keyed = _kept_pieces.get_many(
        [(space, item) for item in ids],
        lambda missing: {
            (space, item): value
            for item, value in _remembered_shared(namespace, [item for _, item in missing], compute, timeout).items()
        },
    )
    return {item: value for (_, item), value in keyed.items() if value is not None}


# Made on first use (core.in_process reads the generation from this module).
_kept_pieces = None


def _remembered_shared(namespace: str, ids: list, compute, timeout: int) -> dict:
    prefix = f"{namespace}:{release.fingerprint()}:{current_generation()}:"
    keys = {item: f"{prefix}{item}" for item in ids}
    found = cache.get_many(keys.values())
    values = {item: found[keys[item]] for item in ids if keys[item] in found}
    missing = [item for item in ids if item not in values]
    if missing:
        fresh = compute(missing)
        cache.set_many({keys[item]: value for item, value in fresh.items()}, timeout)
        values.update(fresh)
    return values


def site_key(request) -> str:
    """A short key for the site a request asked for, for pieces that hold its addresses
    (relative on this site, in full from another)."""
    return hashlib.sha256(f"{request.scheme}://{request.get_host()}".encode()).hexdigest()[:16]


def cache_key(request, generation: int) -> str:
    """The key of the page this request asks for (before its encoding: stored_as).
    BLAKE2b's 128 bits rather than SHA-256's 256: as safe from collisions among a site's
    addresses, and a shorter key, which Django's memory cache checks character by
    character on every read."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"pagecache:{release.fingerprint()}:{generation}:{digest}"


def stored_as(key: str, gzipped: bool) -> str:
    return f"{key}:gzip" if gzipped else f"{key}:identity"


def local_copies():
    """This process's own copies of pages from the shared cache (settings: the
    "local-pages" cache, set up with Redis). A cached page never changes under its key,
    which holds the content generation, so once fetched from Redis it can be answered
    from memory: with the generation tracked (core/generation_tracking.py) a hit asks
    Redis nothing, and a 250 kB calendar feed is not sent across the network again."""
    return caches[LOCAL_COPIES] if LOCAL_COPIES in settings.CACHES else None


def get_cached_page(key: str):
    local = local_copies()
    page = local.get(key) if local is not None else None
    if page is None:
        page = cache.get(key)
        if page is not None and local is not None:
            local.set(key, page, settings.PAGE_CACHE_SECONDS)
    return page


def request_is_cacheable(request) -> bool:
    if request.method != "GET" or not enabled():
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # signed in, or a visitor with a session: maybe per-user content
    return not request.path_info.startswith(NEVER_CACHED_PREFIXES)


def response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    if response.get("Content-Disposition", "").startswith("attachment"):
        return False  # a download, not a page (a calendar feed is "inline")
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    # A form's token is the visitor's own; a page holding one must never be shared.
    return b"csrfmiddlewaretoken" not in response.content


def add_shared_cache_headers(response) -> None:
    """Let a CDN in front keep the page for PAGE_CACHE_SECONDS and serve it a little
    longer while it fetches a fresh copy; browsers revalidate every time (max-age=0),
    so a purge reaches readers as soon as the CDN is purged."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PAGE_CACHE_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_SECONDS,
    )


class PageCacheMiddleware:
    """Serves anonymous GETs of public pages from the shared cache (module docstring).
    Placed after SecurityMiddleware and WhiteNoise, before everything else, so a hit
    skips sessions, authentication and the page's view altogether."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        remembering = _request_generation.set(None)
        try:
            return self.answer(request)
        finally:
            _request_generation.reset(remembering)

    def answer(self, request):
        if not request_is_cacheable(request):
            response = self.get_response(request)
            if request.method == "GET" and not response.has_header("Cache-Control"):
                # Not for a shared cache: a CDN in front must not keep it either.
                patch_cache_control(response, private=True)
            return response
        drop_tracking_parameters(request)
        key = cache_key(request, current_generation())
        wants_gzip = bool(accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        # Kept ready to send, "hit" header and all: a hit only unpickles it.
        cached = get_cached_page(stored_as(key, wants_gzip))
        if cached is not None:
            return cached
        response = self.get_response(request)
        if response_is_cacheable(request, response):
            if not response.has_header("Cache-Control"):  # else the view chose (calendar feeds)
                add_shared_cache_headers(response)
            plain, gzipped = ready_to_send(response)
            entries = {stored_as(key, True): gzipped, stored_as(key, False): plain}
            cache.set_many(entries, settings.PAGE_CACHE_SECONDS)
            if (local := local_copies()) is not None:
                local.set_many(entries, settings.PAGE_CACHE_SECONDS)
            # The stored copies were pickled: this one is the request's own.
            sent = gzipped if wants_gzip else plain
            sent[HIT_HEADER] = "miss"
            return sent
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response


# Below this, gzip's own header and checksum outweigh what it saves.
SMALLEST_COMPRESSED = 200


def ready_to_send(response) -> tuple[HttpResponse, HttpResponse]:
    """(plain, gzipped): the page as it is kept in the cache, twice, each ready to send
    as it is, so that a hit unpickles only the copy it sends and changes nothing in it.
    Plain HttpResponses with the content in one block of bytes (a feed is written in
    thousands of small pieces, and a hit would otherwise unpickle and send each one).
    The gzipped copy is made once, for the browsers and calendar apps that accept it
    (nearly all): a year's calendar feed goes from 250 kB to about 40 kB; a page too
    small to gain from it is kept plain in both. Only shared pages are compressed: they
    carry no secret (no CSRF token, nothing per visitor), so compression cannot leak
    one (BREACH), which is why Django's GZipMiddleware is not used for every response."""
    patch_vary_headers(response, ("Accept-Encoding",))
    response[HIT_HEADER] = "hit"
    content = response.content
    plain = _copy_of(response, content)
    if response.has_header("Content-Encoding") or len(content) < SMALLEST_COMPRESSED:
        return plain, plain
    compressed = compress_string(content)
    if len(compressed) >= len(content):
        return plain, plain
    gzipped = _copy_of(response, compressed)
    gzipped["Content-Encoding"] = "gzip"
    return plain, gzipped


def _copy_of(response, content: bytes) -> HttpResponse:
    """A plain HttpResponse with `response`'s status and headers and this content."""
    copy = HttpResponse(content, status=response.status_code, headers=response.headers)
    copy["Content-Length"] = str(len(content))
    return copy


def connect_signals() -> None:
    """Every change a public page can show bumps the generation (module docstring)."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Revision, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from core.models import Organisation, Person, SiteSettings

    page_published.connect(purge_all, dispatch_uid="pagecache-published")
    page_unpublished.connect(purge_all, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(purge_all, dispatch_uid="pagecache-moved")
    # Any page saved or deleted, of any type: covers deletion of a whole branch and
    # changes made without publishing (a page's privacy, its place in menus).
    post_save.connect(purge_on_page_change, dispatch_uid="pagecache-page-saved")
    post_delete.connect(purge_on_page_change, dispatch_uid="pagecache-page-deleted")
    # A revision scheduled to go live (or unscheduled) changes the "scheduled" state.
    post_save.connect(purge_all, sender=Revision, dispatch_uid="pagecache-revision")
    # The first request makes the settings row with its defaults, which pages showed
    # already: only an edit purges.
    post_save.connect(purge_on_settings_edit, sender=SiteSettings, dispatch_uid="pagecache-settings")
    # Pictures, and documents (a page links a document by its file's name, and Wagtail
    # serves it at no other), when edited or deleted: not when uploaded (no page shows a
    # file before it is published with it), nor when Wagtail records a size or a hash.
    for model in (get_image_model(), get_document_model()):
        label = model._meta.label
        post_save.connect(purge_on_file_edit, sender=model, dispatch_uid=f"pagecache-file-saved-{label}")
        post_delete.connect(purge_all, sender=model, dispatch_uid=f"pagecache-file-deleted-{label}")
    # Names shown on many pages, redirects, the site itself, and a page made private (or
    # public again), which must leave (or enter) every cached list.
    for model in (Person, Organisation, Site, Redirect, PageViewRestriction):
        post_save.connect(purge_all, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(purge_all, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")


def purge_on_page_change(sender, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(kwargs.get("instance"), Page):
        purge_all()


def purge_on_settings_edit(sender, created=False, **kwargs) -> None:
    if not created:
        purge_all()


# Wagtail fills these in lazily, while a page is being rendered; they change nothing shown.
FILE_BOOKKEEPING_FIELDS = {"file_size", "file_hash"}


def is_file_edit(created=False, update_fields=None) -> bool:
    """Whether a picture's or document's save changes what a page shows: not an upload
    (no page shows a file before it is published with it), nor Wagtail's bookkeeping."""
    return not created and not (update_fields and set(update_fields) <= FILE_BOOKKEEPING_FIELDS)


def purge_on_file_edit(sender, created=False, update_fields=None, **kwargs) -> None:
    # An editor uploading a week's photos in the middle of it would otherwise empty the
    # cache once per photo, each time while readers are arriving.
    if is_file_edit(created, update_fields):
        purge_all()
