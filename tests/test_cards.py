"""Listing cards kept until content changes (core/cards.py): a listing rendered in full
takes its events' and posts' cards from the cache, and every change a card shows is on
every listing at once."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from blog.models import BlogPostPage
from campaign.models import EventPage
from tests.factories import EventPageFactory, OrganisationFactory
from tests.responses import html_of

# Every request is rendered in full: the cards are what is kept.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def cards_of(html: str) -> str:
    return html.split('<ul class="card-list">', 1)[1].split("</ul>", 1)[0]


@pytest.fixture
def event(demo):
    """A 2017 event with a host, as the day, the calendar and the year list it."""
    event = EventPage.objects.live().filter(date__year=2017, hosts__isnull=False).order_by("date", "start_time").first()
    assert event is not None
    return event


def listings_of(event) -> dict[str, str]:
    day = event.get_parent().specific
    return {"day": day.url, "calendar": "/2017/calendar/", "year": "/2017/"}


def test_a_listing_shown_again_takes_its_cards_from_the_cache(event, client):
    day = event.get_parent().url
    first = html_of(client, day)
    with CaptureQueriesContext(connection) as queries:
        # Another address of the same listing: the page itself is rendered again.
        again = html_of(client, day + "?from=newsletter")
    assert main_of(again) == main_of(first)
    assert event.title in main_of(again)
    sql = " ".join(q["sql"] for q in queries)
    # Neither an event's hosts nor a post's authors are fetched: no card is rendered.
    assert "campaign_eventhost" not in sql
    assert "blog_blogpostauthor" not in sql


def test_each_listing_keeps_its_own_heading_levels(event, client):
    # The same event's card is an h3 on its day and an h4 under the calendar's day headings.
    title = f'class="card__title"><a href="{event.url}">{escape(event.title)}</a>'
    assert f"<h3 {title}</h3>" in html_of(client, event.get_parent().url)
    assert f"<h4 {title}</h4>" in html_of(client, "/2017/calendar/")
    post = BlogPostPage.objects.live().filter(url_path__startswith="/home/2017/").first()
    blog = html_of(client, "/2017/blog/")
    assert f'<h2 class="card__title"><a href="{post.url}">{escape(post.title)}</a></h2>' in blog


def test_an_event_renamed_is_on_every_listing_at_once(event, client):
    listings = listings_of(event)
    for path in listings.values():
        assert event.title in main_of(html_of(client, path)), path
    old_title = event.title
    event.title = "A renamed gathering"
    event.save_revision().publish()
    for name, path in listings.items():
        html = main_of(html_of(client, path))
        assert "A renamed gathering" in html, name
        assert old_title not in html, name


def test_an_event_unpublished_leaves_every_listing_at_once(event, client):
    for path in listings_of(event).values():
        assert event.url in html_of(client, path), path
    event.unpublish()
    for name, path in listings_of(event).items():
        assert f'href="{event.url}"' not in main_of(html_of(client, path)), name


def test_a_new_event_is_listed_at_once(event, client):
    day = event.get_parent().specific
    html_of(client, day.url)
    EventPageFactory(parent=day, title="A late addition to the day")
    assert "A late addition to the day" in main_of(html_of(client, day.url))


def test_a_host_renamed_is_on_the_cards_at_once(event, client):
    host = event.hosts.first().organisation
    assert escape(host.name) in main_of(html_of(client, event.get_parent().url))
    host.name = "The Renamed Community Trust"
    host.save()
    assert "The Renamed Community Trust" in main_of(html_of(client, event.get_parent().url))


def test_an_author_renamed_is_on_the_blog_cards_at_once(demo, client):
    post = BlogPostPage.objects.live().filter(url_path__startswith="/home/2017/", authors__isnull=False).first()
    author = post.authors.first().person
    blog = f"/2017/blog/?author={author.slug}"
    # The cards only: the author filter above them names every author afresh anyway.
    assert escape(author.name) in cards_of(html_of(client, blog))
    author.name = "Renamed Guest Blogger"
    author.save()
    assert "Renamed Guest Blogger" in cards_of(html_of(client, blog))


def test_a_card_from_another_organisation_is_never_mixed_up(event, client):
    # Two events hosted by different organisations keep their own hosts however the
    # cards are fetched: some from the cache, the rest rendered together.
    day = event.get_parent().specific
    html_of(client, day.url)
    newcomer = OrganisationFactory(name="A Newcomer Collective")
    EventPageFactory(parent=day, title="Hosted by someone new", hosts=[newcomer])
    html = main_of(html_of(client, day.url))
    card = html.split("Hosted by someone new", 1)[1].split("</article>", 1)[0]
    assert "A Newcomer Collective" in card
    first_card = html.split(event.title, 1)[1].split("</article>", 1)[0]
    assert "A Newcomer Collective" not in first_card


# --- Feed entries -------------------------------------------------------------------------
def test_a_feed_shown_again_renders_no_post_again(demo, client):
    first = client.get("/feeds/rss/").content
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/feeds/rss/?from=reader").content
    assert again == first
    # Neither the posts' bodies nor their pictures are read: no entry is written again.
    sql = " ".join(q["sql"] for q in queries)
    assert "wagtailimages_image" not in sql
    assert '"blog_blogpostpage"."body"' not in sql


def test_an_edited_post_is_in_the_feeds_at_once(demo, client):
    post = (
        BlogPostPage.objects.live().filter(url_path__startswith="/home/2017/").order_by("-first_published_at").first()
    )
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        client.get(feed)
    post.summary = "A summary rewritten after the week."
    post.save_revision().publish()
    for feed in ("/feeds/rss/", "/feeds/atom/"):
        # In the entry's full content (escaped HTML), not only in its description.
        assert "&lt;strong&gt;A summary rewritten after the week." in client.get(feed).content.decode(), feed
