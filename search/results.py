"""What a search result shows of its page, kept until content changes.

Why: a page of ten results used to cost more than ranking them. Wagtail fetches the
pages a search found with one query for each kind among them (events, posts, days,
years…), and each result's text was worked out from its page again; a search finding
a handful of pages ran at 0.06 × the static file and one filling a page at 0.03–0.04 ×
(2026-12-07), against 0.11 × for a search that found nothing.

So, as the listings keep their cards (core/cards.py), the search keeps for each page
what its result shows: its heading (kind, year, linked title, date) rendered, and its
text, made once for all the pages of a page of results that are not kept yet (one query
for each kind among those). A search still counts and ranks its matches on every
request, from the index (nothing here depends on what was searched for), and cuts the
excerpt around the reader's words. The pieces are kept under the content generation and
the release, like the cards, so an edit or a deploy brings fresh ones on the next search.
"""

from dataclasses import dataclass

from django.template.loader import get_template
from django.utils.safestring import SafeString

from wagtail.models import Page

from core.cards import CARD_SECONDS
from core.page_cache import remembered_per_generation, site_key
from core.years import attach_campaign_years
from search.forms import RESULT_LABELS

# The page's own description, as long as an excerpt may need (search.excerpts.excerpt).
TEXT_LENGTH = 2000


@dataclass(frozen=True)
class Result:
    # Kind, year, linked title and date, as search/includes/result_heading.html shows them.
    heading: SafeString
    text: str
    # The part of `text` shown for one search, cut around its words, marked and escaped
    # (search.excerpts).
    result_text: SafeString = SafeString("")


def result_items(results: list[Result]) -> SafeString:
    """Each result's <li>: its kept heading and its marked text. Written out here rather
    than by a loop in search.html: ten results through the template language were an
    eighth of a search page's Python calls. Both parts are already markup, escaped by
    their makers."""
    return SafeString(
        "\n    ".join(
            f'<li class="result">\n      {result.heading}\n      <p>{result.result_text}</p>\n    </li>'
            for result in results
        )
    )


def label_for(page) -> str:
    if hasattr(page, "get_kind_display"):
        return page.get_kind_display()
    return RESULT_LABELS.get(type(page), "Page")


def results_for(request, ids: list[int]) -> list[Result]:
    """The results of the pages `ids`, in that order; a page gone since the search read
    its id has none."""

    def make(missing: list[int]) -> dict[int, Result]:
        pages = attach_campaign_years(Page.objects.filter(pk__in=missing).specific().defer_streamfields())
        heading = get_template("search/includes/result_heading.html")
        return {
            page.pk: Result(
                # A template's output: escaped by it, and safe to put in the page;
                # without the file's last newline, which left a blank line per result.
                heading=SafeString(
                    heading.render(
                        {
                            "title": page.title,
                            "url": page.get_url(request),
                            "year": page.campaign_year.year if page.campaign_year else None,
                            "result_type": label_for(page),
                            "when_in_words": getattr(page, "when_in_words", ""),
                            "release_date": getattr(page, "release_date", None),
                        }
                    ).strip()
                ),
                text=page.get_meta_description(length=TEXT_LENGTH),
            )
            for page in pages
        }

    # Addresses are relative on the site asked for, in full from another: by site.
    kept = remembered_per_generation(f"search-result:{site_key(request)}", ids, make, CARD_SECONDS)
    return [kept[pk] for pk in ids if pk in kept]
