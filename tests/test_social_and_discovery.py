"""How the site presents itself outside: social cards, canonical addresses, share links,
linked hashtags, sitemap.xml and robots.txt."""

import html as html_lib
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from wagtail.models import Page, PageViewRestriction, Site

from blog.models import BlogPostPage
from campaign.models import EventPage
from core.models import SiteSettings
from tests.factories import ImageFactory, StandardPageFactory
from tests.test_pages_render import PAGES

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
EVENT_URL = PAGES["event"]


def meta(html: str) -> dict[str, str]:
    """<meta property|name=… content=…> and <link rel=canonical> as a dict."""
    found = {
        m.group(1): html_lib.unescape(m.group(2))
        for m in re.finditer(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    }
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    if canonical:
        found["canonical"] = canonical.group(1)
    return found


def page_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Social cards --------------------------------------------------------------------
@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_every_page_has_open_graph_and_twitter_card_meta(client, demo, url):
    tags = meta(page_html(client, url))
    absolute = f"http://localhost{url}"
    assert tags["canonical"] == tags["og:url"] == absolute
    assert tags["og:site_name"] == "Co-production Week Scotland"
    assert tags["og:title"]
    assert tags["og:title"] == tags["twitter:title"]
    assert tags["og:description"]
    assert tags["og:description"] == tags["twitter:description"] == tags["description"]
    assert tags["twitter:card"] == "summary"
    assert tags["twitter:site"] == "@ScotCoPro"
    assert tags["og:type"] == ("article" if "/blog/power-on-power/" in url else "website")


def test_descriptions_come_from_each_pages_own_words(client, demo):
    assert meta(page_html(client, "/2017/blog/power-on-power/"))["og:description"].startswith(
        "Gerry Power, Director of Integration of the Alliance"
    )
    assert "almost 200 delegates" not in meta(page_html(client, EVENT_URL))["og:description"]
    assert meta(page_html(client, EVENT_URL))["og:description"].startswith("GCPH Glasgow's Healthier Future Forum")
    day = meta(page_html(client, "/2017/monday-27-november/"))["og:description"]
    assert day == "Day 1: Monday 27 November: part of Co-production Week Scotland 2017, 27 November – 3 December 2017."


def test_a_description_from_paragraphs_keeps_the_space_between_them(client, demo):
    # The resources page's introduction is two paragraphs; search results and social
    # cards once read "…held in this archive.Thursday 30 November marked…".
    description = meta(page_html(client, PAGES["resources"]))["description"]
    assert "archive. Thursday 30 November" in description
    assert "archive.Thursday" not in description


def absolute_image(url: str):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://localhost", url
    assert re.fullmatch(r"/media/images/[^/]+\.jpg", parts.path), url
    return parts.path


def test_an_events_own_image_is_its_social_image(client, demo):
    event = EventPage.objects.get(url_path__endswith="/power-health-and-social-justice/")
    event.image = ImageFactory(title="Delegates at the forum")
    event.save_revision().publish()
    tags = meta(page_html(client, EVENT_URL))
    path = absolute_image(tags["og:image"])
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"] == "Delegates at the forum"
    assert client.get(path).status_code in (200, 404)  # media is served by the web server in production


def test_chosen_social_image_beats_the_feature_image(client, demo):
    post = BlogPostPage.objects.get(slug="power-on-power")
    post.feature_image = ImageFactory(title="Feature")
    post.social_image = ImageFactory(title="Made for sharing", file__filename="sharing.png")
    post.save_revision().publish()
    tags = meta(page_html(client, post.url))
    rendition = post.social_image.renditions.get()
    assert absolute_image(tags["og:image"]) == rendition.url
    assert tags["og:image:alt"] == "Made for sharing"
    assert tags["article:published_time"].startswith("20")


def test_network_default_image_for_pages_without_one(client, demo):
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_social_image = ImageFactory(title="Co-production Week Scotland logo")
    settings.save()
    for url in ("/", "/2017/", "/2017/monday-27-november/", "/people/gerry-power/", "/search/"):
        tags = meta(page_html(client, url))
        absolute_image(tags["og:image"])
        assert tags["og:image:alt"] == "Co-production Week Scotland logo", url


def test_a_missing_image_file_does_not_break_the_page(client, demo):
    event = EventPage.objects.get(url_path__endswith="/power-health-and-social-justice/")
    image = ImageFactory()
    image.file.storage.delete(image.file.name)
    event.image = image
    event.save_revision().publish()
    assert "og:image" not in meta(page_html(client, EVENT_URL))


# --- Share links and hashtags --------------------------------------------------------
@pytest.mark.parametrize(("url", "noun"), [(EVENT_URL, "event"), ("/2017/blog/power-on-power/", "post")])
def test_share_links_are_plain_links_to_each_network(client, demo, url, noun):
    html = page_html(client, url)
    share = html[html.index('<section class="share"') : html.index("</section>", html.index('<section class="share"'))]
    assert f"Share this {noun}" in share
    links = [html_lib.unescape(href) for href in re.findall(r'class="share__link[^"]*" href="([^"]+)"', share)]
    networks = {urlsplit(link).netloc or urlsplit(link).scheme for link in links}
    assert networks == {"twitter.com", "bsky.app", "www.facebook.com", "www.linkedin.com", "mailto"}
    page_address = f"http://localhost{url}"
    for link in links:
        assert page_address in str(parse_qs(urlsplit(link).query)), link
    tweet = parse_qs(urlsplit(links[0]).query)
    assert tweet["hashtags"] == (["CoProWeekScot,GHFF20"] if noun == "event" else ["CoProWeekScot"])
    assert tweet["url"] == [page_address]


def test_no_third_party_scripts_or_trackers(client, demo):
    for url in [*PAGES.values(), "/search/?q=power", "/people/gerry-power/", "/2017/resources/"]:
        html = page_html(client, url)
        for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
            assert src.startswith("/static/"), (url, src)
        assert "<iframe" not in html
        assert not re.search(r"<script(?![^>]*(src=\"/static/|application/ld\+json))", html), url


def test_hashtags_are_shown_and_linked_to_a_public_search(client, demo):
    event = page_html(client, EVENT_URL)
    assert (
        '<a class="hashtag" href="https://twitter.com/search?q=%23GHFF20&amp;f=live">#GHFF20'
        '<span class="visually-hidden"> (see posts on X, formerly Twitter)</span></a>'
    ) in event
    year = page_html(client, "/2017/")
    assert 'href="https://twitter.com/search?q=%23CoProWeekScot&amp;f=live">#CoProWeekScot' in year
    footer = page_html(client, "/about/")
    assert 'Use <a class="hashtag" href="https://twitter.com/search?q=%23CoProWeekScot&amp;f=live"' in footer


# --- sitemap.xml and robots.txt ------------------------------------------------------
def xml_locations(client, address: str, element: str) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap, not untrusted input
    return [loc.text for loc in root.findall(f"sm:{element}/sm:loc", SITEMAP_NS)]


def sitemap_files(client) -> list[str]:
    """The sitemaps /sitemap.xml (an index) names, as addresses on this test site."""
    files = xml_locations(client, "/sitemap.xml", "sitemap")
    assert files
    assert all(loc.startswith("http://localhost/sitemap-") for loc in files), files
    return [loc.removeprefix("http://localhost") for loc in files]


def sitemap_locations(client) -> list[str]:
    return [loc for address in sitemap_files(client) for loc in xml_locations(client, address, "url")]


def test_a_big_site_is_listed_in_several_sitemaps_of_bounded_size(client, demo, monkeypatch):
    monkeypatch.setattr("site_config.sitemaps.PageSitemap.limit", 10)
    files = sitemap_files(client)
    pages = Page.objects.live().public().filter(depth__gt=1).count()
    page_files = [address for address in files if address.startswith("/sitemap-pages.xml")]
    assert len(page_files) == -(-pages // 10)
    assert page_files[1] == "/sitemap-pages.xml?p=2"
    listed = [loc for address in page_files for loc in xml_locations(client, address, "url")]
    assert len(listed) == len(set(listed)) == pages
    assert all(len(xml_locations(client, address, "url")) <= 10 for address in page_files)


def test_sitemap_lists_every_live_page_and_no_draft_or_private_page(client, demo):
    about = Page.objects.get(url_path="/home/about/")
    StandardPageFactory(parent=about, title="Draft accessibility statement", live=False)
    private = StandardPageFactory(parent=about, title="Staff notes")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    locations = sitemap_locations(client)
    live = Page.objects.live().public().filter(depth__gt=1)
    page_locations = {loc for loc in locations if "/people/" not in loc}
    # Exactly the live, public pages: each once, nothing else.
    assert page_locations == {f"http://localhost{page.url}" for page in live}
    assert len(page_locations) == len(locations) - len([loc for loc in locations if "/people/" in loc])
    assert "http://localhost/about/draft-accessibility-statement/" not in locations
    assert "http://localhost/about/staff-notes/" not in locations
    assert not [loc for loc in locations if "staff-notes" in loc or "draft" in loc]
    # Author pages are listed too.
    assert "http://localhost/people/gerry-power/" in locations
    from core.models import Person

    authors = Person.objects.filter(blog_posts__page__live=True).distinct()
    assert {loc for loc in locations if "/people/" in loc} == {f"http://localhost/people/{p.slug}/" for p in authors}


def test_robots_txt_points_to_the_sitemap(client, demo):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
