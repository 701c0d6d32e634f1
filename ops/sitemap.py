"""The site's own list of its pages, read as search engines read it: sitemap.xml is an
index of sections, each listing up to a thousand addresses (site_config/sitemaps.py).
The soak and the bench's memory figures visit what it lists."""

import html
import re
from urllib.parse import urlsplit

from ops.server import fetch


def discover_pages(base_url: str) -> list[str]:
    """Every public page and author page, from the site's own sitemaps (sitemap.xml is
    an index of them)."""

    def locations(address: str) -> list[str]:
        xml = fetch(base_url, address).decode()
        return [html.unescape(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", xml)]

    pages = set()
    for sitemap in locations("/sitemap.xml"):
        parts = urlsplit(sitemap)
        pages.update(urlsplit(loc).path for loc in locations(parts.path + (f"?{parts.query}" if parts.query else "")))
    return sorted(pages)
