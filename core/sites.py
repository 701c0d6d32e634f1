"""Which Wagtail site a request is for, and its network settings, remembered by each
process until content changes.

Wagtail looks the site up in the database on every request (and then its root page as
its own type, to route from it): two queries before anything else happens, for an
answer that changes only when someone edits the sites. Every page's header and footer
then ask for the site's settings (Settings → Network settings): a third. A site, page
or settings edit bumps the content generation (core.page_cache), so the answers are
remembered per generation.
"""

from typing import NamedTuple

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

from wagtail.models import Site

from core.in_process import PerGeneration, own_copy

_site_root_paths = PerGeneration("sites:root-paths", max_entries=1)


class Remembered(NamedTuple):
    site: Site | None  # with its root page as its own type
    settings: dict  # setting model -> the site's instance, once a page has asked for it


# (hostname, port) -> Remembered, for the hosts in ALLOWED_HOSTS
_remembered = PerGeneration("sites:hosts", max_entries=100)


def _remembered_for(request):
    """This process's entry for the request's host, made again when the content
    generation has moved on; None for a host Django refuses."""
    try:
        request.get_host()  # Django's check of the Host header against ALLOWED_HOSTS
    except DisallowedHost:
        # A host the site does not serve (Django refuses the request): remembering an
        # answer for every name a client makes up would fill the memory.
        return None
    hostname = split_domain_port(request._get_raw_host())[0]

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return Remembered(site, {})

    return _remembered.get((hostname, request.get_port()), find)


def site_for_request(request):
    remembered = _remembered_for(request)
    if remembered is None:
        return Site._find_for_request(request)
    site = remembered.site
    if site is None:
        return None
    # Each request its own copies: Wagtail and the page remember things on them.
    own = own_copy(site)
    own.root_page = own_copy(site.root_page)
    return own


def settings_for_request(request, model):
    """`model.for_request(request)` (a BaseSiteSetting), looked up once per content
    generation for the request's host; None where Wagtail's own lookup should answer."""
    remembered = _remembered_for(request)
    if remembered is None or remembered.site is None:
        return None
    if model not in remembered.settings:
        remembered.settings[model] = model.for_site(remembered.site)
    return own_copy(remembered.settings[model])


class RememberedSiteMiddleware:
    """Sets the request's site (Wagtail's `Site.find_for_request` reads it from
    `request._wagtail_site`) from this process's memory."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        # Every page address written asks Wagtail for the sites' root paths, which it
        # keeps in the shared cache (with Redis, a round trip per request): from this
        # process's memory instead, until content changes (a site edited bumps it).
        request._wagtail_cached_site_root_paths = _site_root_paths.get("all", Site.get_site_root_paths)
        return self.get_response(request)
