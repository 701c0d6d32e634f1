"""The blog's RSS 2.0 and Atom feeds, for every year and for one year, read by a real
feed parser as a feed reader would read them."""

import datetime

import feedparser
import pytest

from wagtail.models import PageViewRestriction

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    ImageFactory,
    PersonFactory,
)

FEEDS = {
    "rss": ("/feeds/rss/", "rss20", "application/rss+xml"),
    "atom": ("/feeds/atom/", "atom10", "application/atom+xml"),
}


def read_feed(client, url: str, content_type: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(content_type)
    # Unsanitised, to see the content exactly as sent (feedparser drops srcset otherwise).
    parsed = feedparser.parse(response.content, sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def year_2031(demo):
    """A later year with its own blog: a post by two people, with an image and a link."""
    year = CampaignYearPageFactory(parent=demo, year=2031)
    blog = BlogIndexPageFactory(parent=year)
    image = ImageFactory(title="People around a table")
    year_2017 = CampaignYearPage.objects.get(year=2017)
    post = BlogPostPageFactory(
        parent=blog,
        title="Sharing power in Fife",
        summary="What we learned about sharing power.",
        release_date=datetime.date(2031, 11, 20),
        first_published_at=datetime.datetime(2031, 11, 20, 9, 0, tzinfo=datetime.UTC),
        authors=[PersonFactory(name="Ailsa Brown"), PersonFactory(name="Rab Nesbitt")],
        body=[
            {
                "type": "paragraph",
                "value": f'<p>See what happened in <a linktype="page" id="{year_2017.pk}">2017</a>.</p>',
            },
            {"type": "image", "value": {"image": image.pk, "caption": "Our table", "decorative": False}},
        ],
    )
    post.tags.add("power", "participation")
    post.save()
    return year


@pytest.mark.parametrize("kind", FEEDS)
def test_site_feed_has_every_required_element(client, demo, kind):
    url, version, content_type = FEEDS[kind]
    feed = read_feed(client, url, content_type)
    assert feed.version == version
    assert feed.feed.title == "Co-production Week Scotland: blog"
    assert feed.feed.link.startswith("http")
    assert len(feed.entries) == BlogPostPage.objects.live().count() == 7
    for entry in feed.entries:
        assert entry.title
        assert entry.link.startswith("http")
        assert "/2017/blog/" in entry.link
        assert entry.author, entry.title
        assert entry.published_parsed is not None
        assert entry.summary
        # The seeds hold only summaries, and the content says so rather than inventing text.
        assert "The full text is not held in this archive" in entry.content[0].value
    newest = feed.entries[0]
    assert newest.published_parsed[:3] == (2017, 12, 1)
    power = next(e for e in feed.entries if e.title == "Power on Power")
    assert power.author == "Gerry Power"
    assert "exploring the week's theme" in power.summary
    assert [t.term for t in power.tags] == ["power"]


@pytest.mark.parametrize("kind", FEEDS)
def test_a_feed_is_sent_in_one_piece_not_a_tag_at_a_time(client, demo, kind, page_cache_off):
    # The server writes each piece of a response to the socket separately: Django's
    # feed writer made over a thousand for thirty posts.
    response = client.get(FEEDS[kind][0])
    assert response.status_code == 200
    assert len(list(response)) == 1
    assert response.content.startswith(b"<?xml")


@pytest.mark.parametrize("kind", FEEDS)
def test_an_entry_is_written_once_and_again_after_an_edit(client, year_2031, kind, page_cache_off, monkeypatch):
    from blog.feeds import PostAtom, PostRss

    url, _, content_type = FEEDS[kind]
    year_url = url.replace("/feeds/", "/feeds/2031/")
    written = []
    feed_format = {"rss": PostRss, "atom": PostAtom}[kind]
    write = feed_format.add_item_elements
    monkeypatch.setattr(feed_format, "add_item_elements", lambda self, *a: written.append(1) or write(self, *a))
    first = read_feed(client, url, content_type)
    assert len(written) == len(first.entries) == 8
    # Again, and in its year's feed: the same entries, none written again.
    assert read_feed(client, url, content_type).entries == first.entries
    assert [e.title for e in read_feed(client, year_url, content_type).entries] == ["Sharing power in Fife"]
    assert len(written) == 8

    post = BlogPostPage.objects.get(title="Sharing power in Fife")
    post.title = "Sharing power in Fife and Kinross"
    post.save_revision().publish()
    assert read_feed(client, url, content_type).entries[0].title == "Sharing power in Fife and Kinross"
    assert read_feed(client, year_url, content_type).entries[0].title == "Sharing power in Fife and Kinross"


@pytest.mark.parametrize("kind", FEEDS)
def test_full_content_with_absolute_image_and_link_addresses(client, year_2031, kind):
    url, version, content_type = FEEDS[kind]
    feed = read_feed(client, url.replace("/feeds/", "/feeds/2031/"), content_type)
    assert feed.version == version
    (entry,) = feed.entries
    assert entry.title == "Sharing power in Fife"
    assert [author.name for author in entry.authors] == ["Ailsa Brown", "Rab Nesbitt"]
    assert sorted(tag.term for tag in entry.tags) == ["participation", "power"]
    content = entry.content[0].value
    assert "What we learned about sharing power." in content
    assert 'href="http://localhost/2017/"' in content
    assert 'src="http://localhost/media/images/' in content
    assert 'srcset="http://localhost/media/images/' in content
    assert ' src="/' not in content
    assert " /media/" not in content
    assert "Our table" in content
    assert "not held in this archive" not in content


def test_year_feed_holds_only_that_years_posts(client, year_2031):
    titles_2017 = [e.title for e in read_feed(client, "/feeds/2017/rss/", "application/rss+xml").entries]
    assert len(titles_2017) == 7
    assert "Sharing power in Fife" not in titles_2017
    feed_2031 = read_feed(client, "/feeds/2031/atom/", "application/atom+xml")
    assert feed_2031.feed.title == "Co-production Week Scotland 2031: blog"
    assert feed_2031.feed.link == "http://localhost/2031/blog/"
    assert [e.title for e in feed_2031.entries] == ["Sharing power in Fife"]
    # A year that has no blog yet has a valid, empty feed to subscribe to.
    assert read_feed(client, "/feeds/2018/rss/", "application/rss+xml").entries == []


def test_unknown_year_has_no_feed(client, demo):
    assert client.get("/feeds/1999/rss/").status_code == 404


def test_drafts_and_private_posts_stay_out_of_feeds(client, year_2031):
    blog = year_2031.get_children().get(slug="blog")
    BlogPostPageFactory(parent=blog, title="A draft not yet approved", live=False)
    private = BlogPostPageFactory(parent=blog, title="A post for members only")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="members")
    for url in ("/feeds/rss/", "/feeds/2031/atom/"):
        titles = [e.title for e in feedparser.parse(client.get(url).content).entries]
        assert "A draft not yet approved" not in titles
        assert "A post for members only" not in titles


@pytest.mark.parametrize("url", ["/", "/2017/", "/2017/blog/power-on-power/"])
def test_pages_advertise_their_feeds(client, demo, url):
    html = client.get(url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feeds/rss/"' in html
    assert 'href="/feeds/atom/"' in html
    if url.startswith("/2017/"):
        assert 'href="/feeds/2017/rss/"' in html
        assert 'href="/feeds/2017/atom/"' in html
    else:
        assert "/feeds/2017/" not in html


def test_blog_index_links_to_its_feeds(client, demo):
    html = client.get("/2017/blog/").content.decode()
    assert '<a href="/feeds/2017/rss/">RSS feed</a>' in html
    assert '<a href="/feeds/2017/atom/">Atom feed</a>' in html
