"""How pages look when they are shared: Open Graph and Twitter card metadata, share
links and hashtag links.

Share links are plain links to each network's own share address: no third-party
script, no tracker, nothing loaded from elsewhere until a reader chooses to share.
"""

import datetime
import functools
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from wagtail.images.models import SourceImageIOError

from core.renditions import rendition_of

# Social cards show best at 1.91:1; 1200×630 is what Facebook, LinkedIn and X ask for.
# JPEG on white, because not every network accepts WebP or transparency.
SOCIAL_IMAGE_FILTER = "fill-1200x630|bgcolor-ffffff|format-jpeg"


@dataclass
class SocialMeta:
    """What a page or view says about itself to search engines and social networks."""

    title: str
    description: str
    url: str
    image: object = None
    type: str = "website"
    published: datetime.datetime | None = None

    @classmethod
    def for_page(cls, page, request, url: str | None = None) -> "SocialMeta":
        is_article = page.og_type == "article"
        return cls(
            title=page.seo_title or page.title,
            description=page.get_meta_description(),
            url=url or page.get_full_url(request),
            image=page.get_social_image(),
            type=page.og_type,
            published=page.first_published_at if is_article else None,
        )


def social_rendition(image):
    """The image cut for social cards, or None if its file has gone missing."""
    if image is None:
        return None
    try:
        return rendition_of(image, SOCIAL_IMAGE_FILTER)
    except (SourceImageIOError, FileNotFoundError):
        return None


def hashtag_search_url(hashtag: str) -> str:
    """A public search for the hashtag on X (Twitter), where the network posts, newest first."""
    return "https://twitter.com/search?" + urlencode({"q": f"#{hashtag.lstrip('#')}", "f": "live"}, quote_via=quote)


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str
    url: str


def _query(**params) -> str:
    # %20 rather than +: mail programs show a + literally in a mailto: subject.
    return urlencode({name: value for name, value in params.items() if value}, quote_via=quote)


@functools.lru_cache(maxsize=4096)
def share_links(url: str, title: str, hashtags: tuple = ()) -> tuple[ShareLink, ...]:
    """Links that open each network's own 'share' form with the page's address, title
    and hashtags (the campaign's, then the event's own). Made once per process for
    each address, title and hashtags: five addresses to encode on every page view."""
    tags = list(dict.fromkeys(tag.lstrip("#") for tag in hashtags if tag))
    text = " ".join([title, *(f"#{tag}" for tag in tags)])
    return (
        ShareLink(
            "x",
            "X (Twitter)",
            "https://twitter.com/intent/tweet?" + _query(text=title, url=url, hashtags=",".join(tags)),
        ),
        ShareLink("bluesky", "Bluesky", "https://bsky.app/intent/compose?" + _query(text=f"{text} {url}")),
        ShareLink("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)),
        ShareLink("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + _query(url=url)),
        ShareLink("email", "Email", "mailto:?" + _query(subject=title, body=f"{text}\n\n{url}")),
    )
