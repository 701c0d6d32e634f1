"""Links to pages in rich text, expanded without asking the database on every view.

Wagtail stores a link to a page in rich text by the page's id and, each time the text
is shown, fetches the pages it links to (two queries: their types, then each type's
rows) to write their current addresses. The home page's introduction, a year's
announcement, a day's or a post's text all do it on every view. Each process keeps
the linked pages until content changes (core.in_process): a page moved, renamed or
unpublished moves the content generation on, so the address written is always the
current one. The markup is Wagtail's own.
"""

from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from core.in_process import PerGeneration

# Linked pages by id; None for a link to a page since deleted.
_linked = PerGeneration("rich-text:pages", max_entries=5000)


class KeptPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list:
        ids = [str(attrs.get("id")) for attrs in attrs_list]

        def fetch(missing):
            pages = Page.objects.filter(id__in=[pk for pk in missing if pk.isdigit()])
            return {str(page.pk): page for page in pages.defer_streamfields().specific()}

        # Only read (their addresses), so shared by every view.
        pages = _linked.get_many(ids, fetch)
        return [pages[pk] for pk in ids]
