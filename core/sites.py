"""Which Wagtail site a request is for, remembered by each process until content changes.

Wagtail looks the site up in the database on every request (and then its root page as
its own type, to route from it): two queries before anything else happens, for an
answer that changes only when someone edits the sites. A site or page edit bumps the
content generation (core.page_cache), so the answer is remembered per generation.
"""

import copy

from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port

from wagtail.models import Site

from core.page_cache import current_generation

# (hostname, port) -> (generation, site with its root page as its own type)
_remembered: dict = {}


def site_for_request(request):
    try:
        request.get_host()  # Django's check of the Host header against ALLOWED_HOSTS
    except DisallowedHost:
        # A host the site does not serve (Django refuses the request): remembering an
        # answer for every name a client makes up would fill the memory.
        return Site._find_for_request(request)
    hostname = split_domain_port(request._get_raw_host())[0]
    key = (hostname, request.get_port())
    generation = current_generation()
    remembered = _remembered.get(key)
    if remembered is None or remembered[0] != generation:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        remembered = _remembered[key] = (generation, site)
    site = remembered[1]
    if site is None:
        return None
    # Each request its own copies: Wagtail and the page remember things on them.
    own = copy.copy(site)
    own.root_page = copy.copy(site.root_page)
    return own


class RememberedSiteMiddleware:
    """Sets the request's site (Wagtail's `Site.find_for_request` reads it from
    `request._wagtail_site`) from this process's memory."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)
