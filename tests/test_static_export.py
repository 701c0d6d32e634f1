"""Keep a year for good: `export_year` writes a static copy that works from disk or from
any folder of any web server, with everything of the year in it and nothing of the CMS."""

import datetime
import html
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from icalendar import Calendar

from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils.html import strip_tags

from blog.models import BlogIndexPage, BlogPostPage
from campaign.models import CampaignYearPage, EventPage
from core.text import rich_text_to_plain
from resources.models import BrandingMaterial, ResourceIndexPage
from tests.factories import (
    BlogPostPageFactory,
    CampaignYearPageFactory,
    DocumentFactory,
    ImageFactory,
    PersonFactory,
)

# Run with the other database tests, while the session's demo content is there (tests
# that flush the database come later).
pytestmark = pytest.mark.django_db

LIVE_SITE = "localhost"  # the demo's Wagtail Site


class Addresses(HTMLParser):
    """Every address a browser would follow or load from a page."""

    def __init__(self):
        super().__init__()
        self.found, self.forms = [], 0

    def handle_starttag(self, tag, attrs):
        self.forms += tag == "form"
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "poster", "action"):
                self.found.append(value)
            elif name == "srcset":
                self.found += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def addresses(path: Path) -> Addresses:
    parser = Addresses()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def make_2017_richer():
    """2017 as the demo has it, with an event photograph, a branding file to download, and
    enough posts for the blog to run to a second page."""
    year = CampaignYearPage.objects.get(year=2017)
    event = EventPage.objects.get(title="Power, Health and Social Justice")
    event.image = ImageFactory(title="Delegates at the forum")
    event.save()
    resources = ResourceIndexPage.objects.child_of(year).get()
    BrandingMaterial.objects.create(page=resources, title="Logo pack", document=DocumentFactory(title="Logo pack"))
    blog = BlogIndexPage.objects.child_of(year).get()
    for n in range(8):
        BlogPostPageFactory(
            parent=blog,
            title=f"A later reflection {n}",
            summary=f"Reflection number {n} on power.",
            release_date=datetime.date(2017, 12, 1),
            authors=[PersonFactory()],
        )
    return year


@dataclass
class Export:
    out: Path
    # {page address: [texts a reader must find on it]}
    expected: dict
    posts: list


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker, tmp_path_factory):
    """One export for every test here (it renders some fifty pages): made inside a
    transaction that is then rolled back, so the other tests never see its content."""
    out = tmp_path_factory.mktemp("export") / "coproweek-2017"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        cache.clear()
        year = make_2017_richer()
        call_command("export_year", "2017", str(out))
        expected = {}
        for event in EventPage.objects.descendant_of(year).live():
            expected[event.url] = [event.title, *rich_text_to_plain(event.description).splitlines()]
        posts = list(BlogPostPage.objects.descendant_of(year).live())
        for post in posts:
            expected[post.url] = [post.title, post.summary]
        posts = [post.title for post in posts]
        transaction.set_rollback(True)
    cache.clear()
    return Export(out, expected, posts)


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_link_and_asset_resolves_inside_the_folder(exported):
    files = html_files(exported.out)
    assert len(files) > 25
    for file in files:
        page = addresses(file)
        assert page.forms == 0, f"{file}: an archive has no forms"
        for url in page.found:
            parts = urlsplit(url)
            if parts.scheme:
                if parts.scheme in ("http", "https") and parts.netloc == LIVE_SITE:
                    assert not parts.path.startswith("/admin"), url
                continue
            if not parts.path:
                continue  # "#main"
            assert not url.startswith("/"), f"{file}: {url} would not work from a sub-path or from disk"
            assert not parts.query, f"{file}: {url}"
            target = (file.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{file.relative_to(exported.out)}: {url} is missing"
            assert exported.out.resolve() in target.parents
    for css in exported.out.rglob("*.css"):
        assert "url(/" not in css.read_text()


def test_nothing_points_back_at_the_cms(exported):
    for file in exported.out.rglob("*"):
        if file.is_file():
            assert b"/admin" not in file.read_bytes(), file


def text_of(path: Path) -> str:
    """What a reader reads on the page."""
    return " ".join(html.unescape(strip_tags(path.read_text(encoding="utf-8"))).split())


def test_every_event_and_post_of_2017_is_there(exported):
    assert len(exported.expected) == 9 + 15
    for url, texts in exported.expected.items():
        page = text_of(exported.out / url.strip("/") / "index.html")
        for text in texts:
            assert " ".join(text.split()) in page, (url, text)
    listing = text_of(exported.out / "2017/blog/index.html") + text_of(exported.out / "2017/blog/page-2.html")
    for title in exported.posts:
        assert title in listing


def test_the_blog_listing_keeps_its_pages(exported):
    first = addresses(exported.out / "2017/blog/index.html").found
    second = addresses(exported.out / "2017/blog/page-2.html").found
    assert "page-2.html" in first
    assert "index.html" in second
    assert "Page 2 of 2" in (exported.out / "2017/blog/page-2.html").read_text()


def test_images_documents_and_feeds_come_along(exported):
    event_page = exported.out / "2017/tuesday-28-november/power-health-and-social-justice/index.html"
    images = [url for url in addresses(event_page).found if "/images/" in url]
    assert images, "the event's photograph"
    assert all((event_page.parent / url).resolve().read_bytes()[:4] == b"RIFF" for url in images), "webp renditions"
    resources = exported.out / "2017/resources/index.html"
    (download,) = [url for url in addresses(resources).found if "documents/" in url]
    assert (resources.parent / download).resolve().read_bytes() == b"%PDF-1.4 branding pack"

    calendar = Calendar.from_ical((exported.out / "calendar/2017.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 9
    assert (exported.out / "calendar/2017-11-28.ics").is_file()
    feed = feedparser.parse((exported.out / "feeds/2017/rss/index.xml").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 15
    assert feedparser.parse((exported.out / "feeds/2017/atom/index.xml").read_bytes()).feed.title
    year_page = addresses(exported.out / "2017/index.html").found
    assert "../calendar/2017.ics" in year_page or "../feeds/2017/rss/index.xml" in year_page


def test_pages_keep_their_content_and_the_forms_their_closed_state(exported):
    form = (exported.out / "2017/add-your-event/index.html").read_text()
    assert "Submissions for 2017 are closed." in form
    assert "This is the archive of Co-production Week Scotland 2017" in (exported.out / "2017/index.html").read_text()
    assert "2017 in numbers" in (exported.out / "2017/index.html").read_text()
    front = (exported.out / "index.html").read_text()
    assert 'href="2017/index.html"' in front
    assert 'content="0; url=2017/index.html"' in front
    # Links to the rest of the site lead to the live site, which keeps every address.
    assert 'href="http://localhost/"' in (exported.out / "2017/index.html").read_text()
    assert 'rel="canonical" href="http://localhost/2017/"' in (exported.out / "2017/index.html").read_text()


def test_a_year_that_is_not_over_is_not_exported(demo, home_page, tmp_path, during_the_2026_week):
    CampaignYearPageFactory(parent=home_page, year=2026, start_date=datetime.date(2026, 11, 20))
    with pytest.raises(CommandError, match="is not over yet"):
        call_command("export_year", "2026", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_an_unpublished_or_unknown_year_is_not_exported(demo, home_page, tmp_path):
    CampaignYearPageFactory(parent=home_page, year=2015, live=False)
    with pytest.raises(CommandError, match="is not published"):
        call_command("export_year", "2015", str(tmp_path / "out"))
    with pytest.raises(CommandError, match="There is no page for 2016"):
        call_command("export_year", "2016", str(tmp_path / "out"))


def test_a_folder_with_files_in_it_is_left_alone(demo, tmp_path):
    # A folder of its own: the test's content generation file is kept in tmp_path.
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not an empty folder"):
        call_command("export_year", "2017", str(folder))
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
