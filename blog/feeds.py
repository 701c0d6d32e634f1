"""RSS 2.0 and Atom feeds of the network blog: every year together, or one year.

Each entry carries the post's title, address, authors, dates, summary and full content
(the body rendered as HTML with absolute addresses, so images and links work in a
feed reader). A post whose body is not held says so in its content. Each entry's
content is written once and kept until content changes (`entry_contents`).
"""

import datetime
import hashlib
from dataclasses import dataclass
from io import StringIO

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import http_date
from django.utils.xmlutils import SimplerXMLGenerator

from wagtail.images import get_image_model

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage
from campaign.models.events import LONDON
from core.absolute_urls import absolutize_html, site_root_url
from core.cards import CARD_SECONDS
from core.in_process import PerGeneration, own_copy
from core.page_cache import remembered_per_generation
from core.years import live_year

# The rendition blog/feeds/entry_content.html shows.
FEED_IMAGE_FILTER = "width-800|format-jpeg"

FEED_LENGTH = 30
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


# Each entry as written in each format, by its address (which holds the site).
_entries = PerGeneration("feeds:entries", max_entries=5000)


class KeptEntries:
    """A feed format whose entries are each written once per process until content
    changes: an entry is the same in every feed that holds it (every year's and its
    year's), and writing its dozen elements a tag at a time was most of a feed's time."""

    entry_element = "item"

    def write_items(self, handler):
        for item in self.items:
            entry = _entries.get((self.entry_element, item["link"]), lambda item=item: self.entry_xml(item))
            # Written as it is: already XML (ignorableWhitespace writes without escaping).
            handler.ignorableWhitespace(entry)

    def entry_xml(self, item) -> str:
        out = StringIO()
        handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        handler.startElement(self.entry_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.entry_element)
        return out.getvalue()


class PostRss(KeptEntries, Rss201rev2Feed):
    """RSS 2.0 with one <dc:creator> per author and the full text in <content:encoded>."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("content:encoded", item["content_html"])


class PostAtom(KeptEntries, Atom1Feed):
    """Atom 1.0 with one <author> per author and the full text as HTML <content>."""

    entry_element = "entry"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


@dataclass
class FeedSource:
    """What one request for a feed is about: all years (year=None) or one."""

    request: object
    root: str
    year: CampaignYearPage | None


def entry_contents(source: FeedSource, pks: list[int]) -> dict[int, str]:
    """{post id: its full text as a feed entry}, each written once and kept until
    content changes (as listing cards are: core/cards.py), for every feed and both
    formats; the posts a feed holds are asked of the database every time."""

    def render(missing: list[int]) -> dict[int, str]:
        # Pictures and their feed renditions in two queries, however many posts have one.
        pictures = get_image_model().objects.prefetch_renditions(FEED_IMAGE_FILTER)
        posts = BlogPostPage.objects.filter(pk__in=missing).prefetch_related(
            Prefetch("feature_image", queryset=pictures)
        )
        return {
            post.pk: absolutize_html(
                render_to_string("blog/feeds/entry_content.html", {"post": post}, request=source.request), source.root
            )
            for post in posts
        }

    # The content holds the site's own addresses in full, so the site is in the key.
    site = hashlib.sha256(source.root.encode()).hexdigest()[:16]
    return remembered_per_generation(f"feed-entry:{site}", pks, render, CARD_SECONDS)


# Each feed's latest posts, by year (None: every year's).
_latest_posts = PerGeneration("feeds:posts")


class BlogRssFeed(Feed):
    feed_type = PostRss
    url_name = "blog:feed-rss"
    year_url_name = "blog:year-feed-rss"

    def __call__(self, request, *args, **kwargs):
        # Django's Feed.__call__, with the XML written to a string and sent as one block:
        # Django writes it into the response a tag at a time (over a thousand pieces for
        # thirty posts, each encoded on its own, and sent by the server one by one).
        feed = self.get_feed(self.get_object(request, *args, **kwargs), request)
        response = HttpResponse(feed.writeString("utf-8"), content_type=feed.content_type)
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        return response

    def get_object(self, request, year=None):
        year_page = None
        if year is not None:
            year_page = live_year(year)
            if year_page is None:
                raise Http404(f"There is no {year} on this site.")
        return FeedSource(request=request, root=site_root_url(request), year=year_page)

    # --- The feed ---------------------------------------------------------------------
    def title(self, source):
        name = source.year.title if source.year else settings.WAGTAIL_SITE_NAME
        return f"{name}: blog"

    def description(self, source):
        if source.year:
            return f"Blog posts by network members during {source.year.title}, {source.year.dates_in_words}."
        return f"Blog posts by network members from every year of {settings.WAGTAIL_SITE_NAME}."

    subtitle = description  # Atom's name for it

    def link(self, source):
        if source.year is None:
            return source.root + "/"
        return (source.year.public_blog() or source.year).get_full_url(source.request)

    def feed_url(self, source):
        if source.year is None:
            return source.root + reverse(self.url_name)
        return source.root + reverse(self.year_url_name, args=[source.year.year])

    def author_name(self, source):
        return settings.WAGTAIL_SITE_NAME

    # --- The entries ------------------------------------------------------------------
    def items(self, source):
        def latest_posts():
            posts = BlogPostPage.objects.live().public()
            if source.year is not None:
                posts = posts.descendant_of(source.year)
            return tuple(
                posts.defer_streamfields()
                .with_related("authors", "person", select_related="person__organisation")
                .with_related("tagged_items", "tag", select_related="tag")
                .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
            )

        # The posts, with their authors and tags, kept by each process until content
        # changes; each request its own copies, as it adds its addresses to them.
        kept = _latest_posts.get(source.year.pk if source.year else None, latest_posts)
        posts = [own_copy(post) for post in kept]
        contents = entry_contents(source, [post.pk for post in posts])
        for post in posts:
            post.feed_link = post.get_full_url(source.request)
            post.feed_content = contents.get(post.pk, "")
        return posts

    def item_title(self, post):
        return post.title

    def item_link(self, post):
        return post.feed_link

    def item_guid(self, post):
        return post.feed_link

    def item_description(self, post):
        return post.summary

    def item_pubdate(self, post):
        # A published post always has its first publication time; the release date is
        # only a fallback for pages put live without Wagtail's publish step.
        return post.first_published_at or datetime.datetime.combine(post.release_date, datetime.time(), LONDON)

    def item_updateddate(self, post):
        return post.last_published_at or self.item_pubdate(post)

    def item_categories(self, post):
        return [tag.name for tag in post.tag_list]

    def item_extra_kwargs(self, post):
        return {"authors": [person.name for person in post.author_people], "content_html": post.feed_content}


class BlogAtomFeed(BlogRssFeed):
    feed_type = PostAtom
    url_name = "blog:feed-atom"
    year_url_name = "blog:year-feed-atom"
