"""What the tests of the two word tables share (search.postings on PostgreSQL,
search.term_counts on SQLite, both answering the site search for one word): the search
itself, the searches left to the full-text query, and the edits that must reach the next
search at once."""

import pytest

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

from campaign.models import CampaignYearPage, EventPage
from search.views import searchable_pages
from tests.factories import CampaignYearPageFactory, ProgrammeDayPageFactory


def site_search(word, *, year=None, type_key=""):
    request = RequestFactory().get("/search/", SERVER_NAME="localhost")
    return searchable_pages(request, year, type_key).search(word, operator="and")


def ids_total_and_query(found, start, stop):
    """ids_and_total of `found`, and the SQL of the last query it asked (the word
    table's, or, for a search the table cannot answer, the full-text query's)."""
    with CaptureQueriesContext(connection) as queries:
        answer = found.ids_and_total(start, stop)
    return answer, queries.captured_queries[-1]["sql"]


def assert_agrees_with_full_text(found, answered_by_table, per_page=5) -> int:
    """Against the full-text query's own count and slices of `found`, page by page and
    one past the end, each answered by the word table (`answered_by_table(sql)` of its
    last query). The count."""
    total = found.count()
    for start in range(0, total + per_page + 1, per_page):
        (ids, counted), sql = ids_total_and_query(found, start, start + per_page)
        assert answered_by_table(sql)
        assert ids == [page.pk for page in found[start : start + per_page]]
        assert counted == total
    return total


# Searches neither table answers (search.single_word), each a function making one.
OTHER_SEARCHES = [
    pytest.param(lambda: site_search("kelpie walk"), id="two words"),
    pytest.param(lambda: site_search("2031"), id="a number"),
    pytest.param(lambda: site_search("café"), id="a word with other letters"),
    pytest.param(lambda: EventPage.objects.live().search("kelpie"), id="events joined to their pages"),
    pytest.param(
        lambda: Page.objects.live().descendant_of(CampaignYearPage.objects.get(year=2031)).search("kelpie"),
        id="filtered on a column the table lacks (depth)",
    ),
]


def edit_the_walks(walks, *, assert_agrees, total_after_unpublishing: int) -> int:
    """Among `walks` (a year of walks named after the kelpie and mentioning it), publish
    a new title, unpublish, move to another year, make that year's day private and
    delete, checking the next search after each: `assert_agrees(found)` holds a search
    to the full-text query's own count and order. The deleted page's id."""
    mention = EventPage.objects.get(title="Canal walk 0")
    # Named after the kelpie now: among the best.
    mention.title = "Kelpie canal walk"
    mention.save_revision().publish()
    assert mention.pk in site_search("kelpie").ids_and_total(0, 8)[0]
    assert_agrees(site_search("kelpie"))

    named = EventPage.objects.get(title="Kelpie walk 0")
    named.unpublish()
    ids, total = site_search("kelpie").ids_and_total(0, 20)
    assert named.pk not in ids
    assert total == total_after_unpublishing

    # Moved to a day of another year: found in that year, not in 2031.
    other_year = CampaignYearPageFactory(parent=walks.get_parent(), year=2032)
    other_day = ProgrammeDayPageFactory(parent=other_year)
    moved = EventPage.objects.get(title="Kelpie walk 1")
    moved.move(other_day, pos="last-child")
    assert site_search("kelpie", year=other_year).ids_and_total(0, 10) == ([moved.pk], 1)
    assert moved.pk not in site_search("kelpie", year=walks).ids_and_total(0, 20)[0]

    PageViewRestriction.objects.create(page=other_day, restriction_type="password", password="members")
    assert site_search("kelpie", year=other_year).ids_and_total(0, 10) == ([], 0)

    deleted = EventPage.objects.get(title="Kelpie walk 2")
    deleted_id = deleted.pk
    deleted.delete()
    assert_agrees(site_search("kelpie"))
    return deleted_id
