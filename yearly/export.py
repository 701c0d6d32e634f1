"""Keep a year for good: a static copy of its microsite that needs no CMS to be read.

`export_year(year, outdir)` renders every live, public page of the year through Django's
test client, as an anonymous reader (so exactly what readers see, and no admin bar), with
every page of the blog's and calendar's listings; the year's calendar feeds (.ics for the
year, each day and each event) and blog feeds (RSS and Atom); and the images (the
renditions the pages use), documents, CSS and JavaScript they refer to. It then writes them
to `outdir` with every address made relative, so the copy works opened from disk (a page
address /2017/blog/ becomes 2017/blog/index.html) and served from any folder of any site.

What the copy cannot do, it leaves out, and what lies outside it stays on the live site:

- forms (site search, listing filters) are removed: nothing in an archive can search, filter
  or post. The year's form pages are exported in their closed state ("Submissions for 2017
  are closed"); only a year that is over can be exported, so they are always closed;
- links to the rest of the site (the home page, other years, author pages, filtered
  listings, site-wide feeds) become absolute links to the live site, at the address of the
  Wagtail Site (Settings → Sites), the same address the pages' canonical links, share links
  and feeds already use. Those addresses last: every year stays at /<year>/;
- canonical links, social card tags, structured data and the feeds' own links keep naming
  the live addresses they were written with, as those must be absolute;
- any link into the admin would be removed (an anonymous reader's page has none).
"""

import mimetypes
import posixpath
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from yearly.static_html import addresses_in, rewrite_addresses

# Elements an archive cannot use.
DROPPED_ELEMENTS = {"form"}
EXTENSIONS = {
    "text/html": ".html",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "text/calendar": ".ics",
    "application/json": ".json",
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class ExportRefused(Exception):
    """The year cannot be exported as asked; nothing has been written."""


@dataclass
class Resource:
    path: str
    query: str
    body: bytes
    content_type: str
    file: str = ""


@dataclass
class ExportReport:
    outdir: Path
    pages: int = 0
    feeds: int = 0
    assets: int = 0
    # Local addresses that were linked to but stay on the live site, e.g. author pages.
    live_links: set = field(default_factory=set)


def _key(path: str, query: str) -> tuple[str, str]:
    # The first page of a listing is the listing itself.
    pairs = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True)]
    if pairs == [("page", "1")]:
        return path, ""
    return path, query


class YearExport:
    def __init__(self, year: CampaignYearPage, outdir: Path):
        self.year = year
        self.outdir = Path(outdir)
        site = year.get_site()
        if site is None:
            raise ExportRefused(f"{year.title} is not part of a site (Settings → Sites).")
        self.root = site.root_url.rstrip("/")
        self.netloc = urlsplit(self.root).netloc
        secure = site.port == 443
        self.client = Client(HTTP_HOST=site.hostname, SERVER_PORT=str(site.port), secure=secure)
        self.admin_prefix = reverse("wagtailadmin_home")
        # Documents are served through Wagtail's view (so collection privacy applies).
        self.documents_prefix = reverse("wagtaildocs_serve", args=[1, "file"]).rsplit("/", 2)[0] + "/"
        self.resources: dict[tuple[str, str], Resource] = {}
        self.page_paths: set[str] = set()
        self.report = ExportReport(outdir=self.outdir)

    # --- What to export -------------------------------------------------------------------
    def seeds(self) -> list[str]:
        pages = self.year.get_descendants(inclusive=True).live().public().specific().order_by("path")
        urls = []
        for page in pages:
            path = urlsplit(page.get_url()).path
            self.page_paths.add(path)
            urls.append(path)
        urls.append(self.year.feed_url)
        urls += [day.feed_url for day in ProgrammeDayPage.objects.descendant_of(self.year).live().public()]
        urls += [event.ics_url for event in EventPage.objects.descendant_of(self.year).live().public()]
        urls += [reverse(f"blog:year-feed-{kind}", args=[self.year.year]) for kind in ("rss", "atom")]
        return urls

    def is_asset(self, path: str) -> bool:
        return path.startswith((settings.STATIC_URL, settings.MEDIA_URL, self.documents_prefix))

    def wanted(self, path: str, query: str) -> bool:
        """Whether a local address found in a page belongs in the copy."""
        if self.is_asset(path):
            return True
        # Later pages of an exported listing; not its filtered versions.
        names = {name for name, _ in parse_qsl(query, keep_blank_values=True)}
        return path in self.page_paths and names <= {"page"}

    def local(self, url: str, base: str) -> tuple[str, str, str] | None:
        """(path, query, fragment) of an address on this site, else None."""
        parts = urlsplit(urljoin(base, url))
        if parts.scheme not in ("http", "https") or parts.netloc != self.netloc:
            return None
        return parts.path, parts.query, parts.fragment

    # --- Fetching -------------------------------------------------------------------------
    def fetch(self, path: str, query: str) -> Resource | None:
        if path.startswith(settings.STATIC_URL):
            body = self._read_static(unquote(path[len(settings.STATIC_URL) :]))
            return Resource(path, "", body, mimetypes.guess_type(path)[0] or "") if body is not None else None
        if path.startswith(settings.MEDIA_URL):
            name = unquote(path[len(settings.MEDIA_URL) :])
            if not default_storage.exists(name):
                return None
            with default_storage.open(name) as handle:
                return Resource(path, "", handle.read(), mimetypes.guess_type(path)[0] or "")
        response = self.client.get(path + (f"?{query}" if query else ""))
        if response.status_code != 200:
            return None
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        return Resource(path, "" if self.is_asset(path) else query, body, content_type)

    @staticmethod
    def _read_static(name: str) -> bytes | None:
        # Collected files first (fingerprinted names in production), then the apps' own.
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
        found = finders.find(name)
        return Path(found).read_bytes() if found else None

    def collect(self):
        queue = [(url, "") for url in self.seeds()]
        seeds = set(queue)
        while queue:
            path, query = queue.pop(0)
            key = _key(path, query)
            if key in self.resources:
                continue
            resource = self.fetch(*key)
            if resource is None:
                if (path, query) in seeds:
                    raise ExportRefused(f"{path} did not render (the copy would miss it); nothing was written.")
                self.report.live_links.add(path)
                continue
            self.resources[key] = resource
            base = self.root + path + (f"?{query}" if query else "")
            for url in self.addresses(resource):
                target = self.local(url, base)
                if target is None:
                    continue
                found_path, found_query, _ = target
                if self.wanted(found_path, found_query):
                    queue.append((found_path, "" if self.is_asset(found_path) else found_query))

    def addresses(self, resource: Resource) -> list[str]:
        if resource.content_type == "text/html":
            return [url for url, _, _ in addresses_in(resource.body.decode())]
        if resource.content_type == "text/css":
            return [match.group(2) or match.group(4) for match in CSS_URL.finditer(resource.body.decode())]
        return []

    # --- Where each file goes -------------------------------------------------------------
    def file_for(self, resource: Resource) -> str:
        path = unquote(resource.path).lstrip("/")
        if resource.path.endswith("/"):
            extension = EXTENSIONS.get(resource.content_type, ".html")
            page = dict(parse_qsl(resource.query)).get("page")
            path += f"page-{page}{extension}" if page else f"index{extension}"
        path = posixpath.normpath(path)
        if path.startswith("..") or path.startswith("/"):
            raise ExportRefused(f"{resource.path} cannot be written inside the folder.")
        return path

    def relative(self, url: str, tag: str, attrs: dict, resource: Resource) -> str | None:
        if url.startswith("#") or not url:
            return url
        base = self.root + resource.path + (f"?{resource.query}" if resource.query else "")
        target = self.local(url, base)
        if target is None:
            return url
        path, query, fragment = target
        if path.startswith(self.admin_prefix):
            return None
        anchor = f"#{fragment}" if fragment else ""
        exported = self.resources.get(_key(path, "" if self.is_asset(path) else query))
        canonical = tag == "link" and "canonical" in (attrs.get("rel") or "").split()
        if exported is None or canonical:
            if exported is None:
                self.report.live_links.add(path + (f"?{query}" if query else ""))
            return self.root + path + (f"?{query}" if query else "") + anchor
        here = posixpath.dirname(resource.file)
        return quote(posixpath.relpath(exported.file, here or ".")) + anchor

    def rewrite(self, resource: Resource) -> bytes:
        if resource.content_type == "text/html":
            html = rewrite_addresses(
                resource.body.decode(),
                lambda url, tag, attrs: self.relative(url, tag, attrs, resource),
                drop=DROPPED_ELEMENTS,
            )
            return html.encode()
        if resource.content_type == "text/css":

            def css_url(match):
                url = match.group(2) or match.group(4)
                new = self.relative(url, "", {}, resource) or url
                return match.group(0).replace(url, new)

            return CSS_URL.sub(css_url, resource.body.decode()).encode()
        return resource.body

    # --- Writing --------------------------------------------------------------------------
    def run(self) -> ExportReport:
        if self.outdir.exists() and (not self.outdir.is_dir() or any(self.outdir.iterdir())):
            raise ExportRefused(f"{self.outdir} is not an empty folder: choose a new or empty one.")
        self.collect()
        for resource in self.resources.values():
            resource.file = self.file_for(resource)
        staging = self.outdir.parent / f".{self.outdir.name}.partial-{uuid.uuid4().hex[:8]}"
        try:
            for resource in self.resources.values():
                target = staging / resource.file
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(self.rewrite(resource))
                self.count(resource)
            (staging / "index.html").write_text(self.front_door(), encoding="utf-8")
            if self.outdir.exists():
                self.outdir.rmdir()
            staging.rename(self.outdir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return self.report

    def count(self, resource: Resource):
        if self.is_asset(resource.path):
            self.report.assets += 1
        elif resource.content_type == "text/html":
            self.report.pages += 1
        else:
            self.report.feeds += 1

    def front_door(self) -> str:
        """index.html at the top of the copy: straight on to the year (no script needed)."""
        year_file = self.resources[_key(urlsplit(self.year.get_url()).path, "")].file
        title = escape(f"{self.year.title} (archive)")
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="refresh" content="0; url={escape(year_file)}">\n<title>{title}</title>\n</head>\n'
            f'<body>\n<p><a href="{escape(year_file)}">{title}</a></p>\n</body>\n</html>\n'
        )


def refusal_for(year: CampaignYearPage) -> str | None:
    if not year.live:
        return f"{year.title} is not published, so there is nothing public to keep."
    if not year.is_archived:
        return (
            f"{year.title} is not over yet (it runs {year.dates_in_words}). Export it once it is an archive, "
            "when its forms are closed and its pages are final."
        )
    return None


def export_year(year: CampaignYearPage, outdir) -> ExportReport:
    refusal = refusal_for(year)
    if refusal:
        raise ExportRefused(refusal)
    return YearExport(year, Path(outdir)).run()
