"""sitemap.xml: an index of sitemaps holding at most SITEMAP_LIMIT addresses each.

Ten years of programmes and blogs are thousands of pages; one sitemap of all of them
took a second to build. The index names each section's sitemap (pages, authors) and
each page of it (`?p=2`, …), every address on the Wagtail site's own root URL, like
every other address that leaves the site (core.absolute_urls).
"""

from dataclasses import replace

from django.db.models import Max
from django.db.models.functions import Coalesce

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as wagtail_sitemaps

from blog.sitemaps import AuthorSitemap
from core.absolute_urls import site_root_url

SITEMAP_LIMIT = 1000


class PageSitemap(Sitemap):
    """Every live, public page of the site (Wagtail's sitemap), a thousand a file."""

    limit = SITEMAP_LIMIT

    def get_latest_lastmod(self):
        # For the index: one aggregate instead of reading every page (Django's default).
        latest = Coalesce("last_published_at", "latest_revision_created_at")
        return self.items().order_by().aggregate(latest=Max(latest))["latest"]


class AuthorPagesSitemap(AuthorSitemap):
    limit = SITEMAP_LIMIT


SITEMAPS = {"pages": PageSitemap, "authors": AuthorPagesSitemap}


def sitemap_index(request):
    response = wagtail_sitemaps.index(request, SITEMAPS, sitemap_url_name="sitemap_section")
    # Django builds the addresses on the request's host; ours are on the site's root.
    asked_root = f"{request.scheme}://{request.get_host()}"
    root = site_root_url(request)
    response.context_data["sitemaps"] = [
        replace(item, location=root + item.location.removeprefix(asked_root))
        for item in response.context_data["sitemaps"]
    ]
    return response


def sitemap_section(request, section: str):
    return wagtail_sitemaps.sitemap(request, SITEMAPS, section=section)
