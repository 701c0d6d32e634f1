"""Social metadata in every page's head, share links and linked hashtags."""

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.utils.html import format_html

from core.absolute_urls import absolute_url, site_root_url
from core.in_process import PerGeneration
from core.models import SiteSettings
from core.social import SocialMeta, hashtag_search_url, share_links, social_rendition

register = template.Library()


# The tags of each page (or view) and site, rendered once per content generation by
# each process: the same description on the same site makes the same tags, and an edit
# of a page, a picture or the network settings moves the generation on. Bounded, as
# addresses are among the keys: when full it starts again empty.
_rendered = PerGeneration("social:meta", max_entries=1000)


@register.simple_tag(takes_context=True)
def social_meta(context):
    """Canonical link, description, Open Graph and Twitter card tags.

    Pages describe themselves; other views put a `social_meta` in their context. A
    listing that is filtered or paginated gives its own `canonical_url`."""
    request = context.get("request")
    meta = context.get("social_meta")
    page = context.get("page")
    if meta is None and hasattr(page, "get_meta_description"):
        meta = SocialMeta.for_page(page, request, url=context.get("canonical_url"))
    if meta is None or request is None:
        return ""
    root = site_root_url(request)
    key = (root, meta.title, meta.description, meta.url, getattr(meta.image, "pk", None), meta.type, meta.published)
    return _rendered.get(key, lambda: render_social_meta(meta, request, root))


def render_social_meta(meta: SocialMeta, request, root: str) -> str:
    network = SiteSettings.for_request(request)
    image = meta.image or network.default_social_image
    rendition = social_rendition(image)
    return get_template("core/includes/social_meta.html").render(
        {
            "meta": meta,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "twitter_site": network.twitter_handle,
            "rendition": rendition,
            "image_url": absolute_url(rendition.url, root=root) if rendition else "",
            "image_alt": image.default_alt_text if rendition else "",
        }
    )


@register.inclusion_tag("core/includes/share_links.html", takes_context=True)
def share_this(context, page, noun="page"):
    """'Share this event': links to each network's share form, with the campaign's
    hashtag and the page's own (an event's), if it has one."""
    request = context.get("request")
    year = page.campaign_year
    campaign_hashtag = year.hashtag if year else SiteSettings.for_request(request).default_hashtag
    hashtags = tuple(dict.fromkeys(tag for tag in (campaign_hashtag, getattr(page, "hashtag", "")) if tag))
    return {
        "noun": noun,
        "hashtags": hashtags,
        "links": share_links(page.get_full_url(request), page.title, hashtags),
    }


@register.simple_tag
def hashtag_link(hashtag):
    """The hashtag as a link to a public search for it."""
    if not hashtag:
        return ""
    return format_html(
        '<a class="hashtag" href="{}">{}<span class="visually-hidden"> (see posts on X, formerly Twitter)</span></a>',
        hashtag_search_url(hashtag),
        hashtag,
    )
