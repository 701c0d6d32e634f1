"""Listing cards (an event's, a post's) rendered once and kept in the shared cache until
content changes, so that a listing rendered in full is put together from ready-made
pieces.

The same cards appear on many addresses: an event on its day, on the calendar and on
every filtered or paged address of it; a post on the blog, its pages and filters, and
its day. Each of those addresses is rendered in full the first time it is asked for,
and every page is once after each publish. A card costs its page's row, its hosts or
authors, and its template: for a day of forty events, most of the page. A listing asks
the database which pages it shows, and in which order, on every request (their ids
only: nothing kept decides what is listed); each card comes from the cache, and only
the cards not kept yet are rendered, with one query for all of their pages.

Cards are kept under the content generation and the release, like the page cache
(`remembered_per_generation`): any edit a card could show (a title, a time, a host's
or an author's name, a page moved) and any deploy brings fresh ones on the next view.
They are the same for every visitor: a card shows nothing about who is looking.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from core.page_cache import remembered_per_generation, site_key

# As long as the template fragments kept under the same generation (base.html).
CARD_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class CardKind:
    """A kind of card: its template, the name the template gives the page it shows, and
    how to fetch the pages with those ids, with everything the card shows (hosts,
    authors), in as few queries as their number allows."""

    name: str
    template: str
    variable: str
    pages: Callable[[list[int]], Iterable]

    def namespace(self, request, heading_level: int | None) -> str:
        # A card links to its page (Wagtail's pageurl), so the site is in the key.
        return f"card:{self.name}:h{heading_level or '-'}:{site_key(request)}"

    def by_id(self, request, ids: list[int], heading_level: int | None = None) -> dict[int, SafeString]:
        """{id: card} for the pages `ids`; a page gone since its id was read (deleted
        between two queries) has none."""

        def render_missing(missing: list[int]) -> dict[int, str]:
            template = get_template(self.template)
            # The request without the context processors: a card shows nothing of them,
            # and running them for each of fifty cards would cost more than the card.
            return {
                page.pk: str(template.render({self.variable: page, "heading_level": heading_level, "request": request}))
                for page in self.pages(missing)
            }

        found = remembered_per_generation(self.namespace(request, heading_level), ids, render_missing, CARD_SECONDS)
        return {pk: mark_safe(card) for pk, card in found.items()}  # noqa: S308 - our own templates' output

    def render(self, request, ids: list[int], heading_level: int | None = None) -> list[SafeString]:
        """The cards of the pages `ids`, in that order."""
        cards = self.by_id(request, ids, heading_level)
        return [cards[pk] for pk in ids if pk in cards]
