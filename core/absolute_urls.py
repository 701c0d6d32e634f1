"""Absolute addresses for what leaves the site: canonical links, feeds, social cards,
the sitemap and robots.txt.

They are all built on the Wagtail Site's root URL (Settings → Sites: hostname and port),
the same address Wagtail's sitemap uses, so every copy of an address agrees.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Site


def site_root_url(request=None) -> str:
    """'https://coproweek.scot': the root of the site the request was made to, or of the
    default site outside a request."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def absolute_url(url: str, request=None, root: str | None = None) -> str:
    """`url` made absolute on the site's root; an address that is already absolute (or
    empty, or a fragment) is returned as it is."""
    if not url or urlsplit(url).scheme or url.startswith(("//", "#", "mailto:")):
        return url
    root = root if root is not None else site_root_url(request)
    return f"{root}{url if url.startswith('/') else '/' + url}"


# Attributes holding one address, written by our own templates with double quotes.
_SINGLE_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")(/(?!/)[^"]*)"')
_SRCSET_ATTRIBUTE = re.compile(r'(\ssrcset=")([^"]*)"')


def absolutize_html(html: str, root: str) -> str:
    """Rewrite site-relative addresses in rendered HTML (links, images, srcset) to absolute
    ones, for readers that show it away from the site, such as feed readers."""

    def single(match):
        return f'{match.group(1)}{root}{match.group(2)}"'

    def srcset(match):
        candidates = []
        for candidate in match.group(2).split(","):
            parts = candidate.strip().split(maxsplit=1)
            if parts and parts[0].startswith("/") and not parts[0].startswith("//"):
                parts[0] = root + parts[0]
            candidates.append(" ".join(parts))
        return f'{match.group(1)}{", ".join(candidates)}"'

    return _SRCSET_ATTRIBUTE.sub(srcset, _SINGLE_URL_ATTRIBUTE.sub(single, html))
