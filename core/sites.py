"""Which Wagtail site a request is for, and its network settings, remembered by each
process until content changes.

Wagtail looks the site up in the database on every request (and then its root page as
its own type, to route from it): two queries before anything else happens, for an
answer that changes only when someone edits the sites. Every page's header and footer
then ask for the site's settings (Settings → Network settings): a third. A site, page
or settings edit bumps the content generation (core.page_cache), so the answers are
remembered per generation.
"""

import copy

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

from wagtail.models import Site

from core.models import SiteSettings
from core.page_cache import current_generation

# (hostname, port) -> (generation, site with its root page as its own type, its settings)
_remembered: dict = {}


def remembered_for_request(request) -> tuple:
    """(site, its SiteSettings), or (None, None) if no site serves the request."""
    try:
        request.get_host()  # Django's check of the Host header against ALLOWED_HOSTS
    except DisallowedHost:
        # A host the site does not serve (Django refuses the request): remembering an
        # answer for every name a client makes up would fill the memory.
        return Site._find_for_request(request), None
    hostname = split_domain_port(request._get_raw_host())[0]
    key = (hostname, request.get_port())
    generation = current_generation()
    remembered = _remembered.get(key)
    if remembered is None or remembered[0] != generation:
        site = Site._find_for_request(request)
        site_settings = None
        if site is not None:
            site.root_page = site.root_page.specific
            site_settings = SiteSettings.for_site(site)
        remembered = _remembered[key] = (generation, site, site_settings)
    return remembered[1], remembered[2]


class RememberedSiteMiddleware:
    """Sets the request's site (Wagtail's `Site.find_for_request` reads it from
    `request._wagtail_site`) and its settings (`SiteSettings.for_request` reads them from
    the request too) from this process's memory."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site, site_settings = remembered_for_request(request)
        # Each request its own copies: Wagtail and the page remember things on them.
        if site is not None:
            site = copy.copy(site)
            site.root_page = copy.copy(site.root_page)
        request._wagtail_site = site
        if site_settings is not None:
            site_settings = copy.copy(site_settings)
            site_settings._request = request  # as Wagtail's for_request sets it
            setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
        return self.get_response(request)
