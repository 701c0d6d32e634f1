"""On PostgreSQL, a site search for one word is read from each page's score for that
word (search.postings), kept by PostgreSQL as content changes: it must find, count and
order exactly what Wagtail's own query does, at once after any change."""

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import EventPage
from search import postings
from search.models import Posting
from tests.factories import CampaignYearPageFactory, EventPageFactory, ProgrammeDayPageFactory
from tests.one_word_search import (
    OTHER_SEARCHES,
    assert_agrees_with_full_text,
    edit_the_walks,
    ids_total_and_query,
    site_search,
)

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL keeps the postings")


@pytest.fixture
def walks(demo):
    """A year of fourteen walks that tie and differ in score: seven named after the
    kelpie, seven mentioning it."""
    year = CampaignYearPageFactory(parent=demo, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    for n in range(7):
        EventPageFactory(parent=day, title=f"Kelpie walk {n}", description="<p>A walk.</p>")
    for n in range(7):
        EventPageFactory(parent=day, title=f"Canal walk {n}", description="<p>A walk to the kelpie.</p>")
    return year


def from_postings(sql: str) -> bool:
    return '"search_posting"' in sql


def read_postings(found, start, stop):
    """ids_and_total of `found`, and whether it was answered from the postings (its
    last query read them: a search they cannot answer is then asked of Wagtail's)."""
    answer, sql = ids_total_and_query(found, start, stop)
    return answer, from_postings(sql)


def assert_agrees_with_wagtail(found, per_page=5):
    return assert_agrees_with_full_text(found, from_postings, per_page)


def scores() -> set[tuple[int, str, float]]:
    return {(row.page_id, row.lexeme, round(row.score, 9)) for row in Posting.objects.all()}


def assert_scored_as_afresh():
    """What the triggers kept is what scoring every entry afresh gives."""
    kept = scores()
    postings.rescore_all(connection)
    assert scores() == kept


WORDS = ["kelpie", "Kelpie", "walk", "walking", "dragons", "the", "zanzibar"]


@pytest.mark.parametrize("narrowed", ["everything", "the year", "events", "blog posts"])
def test_a_one_word_search_finds_counts_and_ranks_as_wagtail_does(walks, narrowed):
    """Against Wagtail's own count and slices of the same search, page by page and one
    past the end: stems ("walking" finds walks), a stopword (nothing), filters."""
    for word in WORDS:
        found = site_search(
            word,
            year=walks if narrowed == "the year" else None,
            type_key={"events": "event", "blog posts": "post"}.get(narrowed, ""),
        )
        total = assert_agrees_with_wagtail(found)
        if word in ("kelpie", "walk") and narrowed != "blog posts":
            assert total >= 14, word


def test_the_site_search_page_answers_one_word_from_the_postings(client, walks):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "kelpie"})
    assert "14 results for “kelpie”" in response.content.decode()
    assert any('"search_posting"' in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("search", OTHER_SEARCHES)
def test_other_searches_are_ranked_by_wagtails_query(walks, search):
    found = search()
    (ids, counted), posted = read_postings(found, 0, 5)
    assert not posted
    assert ids == [page.pk for page in found[0:5]]


def test_edits_moves_unpublishing_privacy_and_deletion_reach_the_next_search(walks):
    deleted_id = edit_the_walks(walks, assert_agrees=assert_agrees_with_wagtail, total_after_unpublishing=13)
    assert not Posting.objects.filter(page_id=deleted_id).exists()
    assert_scored_as_afresh()


def test_a_page_that_leaves_the_index_leaves_the_postings(walks):
    """Wagtail removes a page's index entry with a raw delete; its rows go with it."""
    event = EventPage.objects.get(title="Kelpie walk 3")
    assert Posting.objects.filter(page_id=event.pk, lexeme="kelpi").exists()
    event.index_entries.all()._raw_delete(using=connection.alias)
    assert not Posting.objects.filter(page_id=event.pk).exists()


def test_scores_made_with_other_weights_are_not_read_until_update_index(walks):
    """A deploy that changes a search field's boost changes Wagtail's weights: searches
    keep to Wagtail's query until `update_index` has rescored the postings."""
    before = scores()
    with connection.cursor() as cursor:
        postings.define_weights(cursor, "{0.1,0.2,0.4,1.0}")
    postings.rescore_all(connection)
    assert scores() != before
    found = site_search("kelpie")
    (ids, counted), posted = read_postings(found, 0, 5)
    assert not posted
    assert (ids, counted) == ([page.pk for page in found[0:5]], found.count())

    call_command("update_index", verbosity=0)
    assert_agrees_with_wagtail(site_search("kelpie"))
    # Rescored as they were written, not just read again.
    assert_scored_as_afresh()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_loaded_afresh_has_its_postings(client):
    """A database loaded from a dump or a fixture (as each browser test's is) may write
    the index entries before their pages: the postings are made either way."""
    assert Posting.objects.exists()
    # Once each, however the rows were loaded.
    assert Posting.objects.values("entry_id", "lexeme").distinct().count() == Posting.objects.count()
    found = site_search("dragons")
    assert found.count() == 1
    assert_agrees_with_wagtail(found)
