"""On SQLite, a site search for one word is ranked from each page's counts of that word
(search.term_counts), kept by SQLite's triggers and the index as content changes: it
must find, count and order exactly what the full-text table's bm25 does, at once after
any change, and step aside while any entry is not counted."""

import pytest

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from campaign.models import EventPage
from search import term_counts
from search.models import ReferenceLength, TermCount, UncountedEntry
from tests.factories import CampaignYearPageFactory, EventPageFactory, ProgrammeDayPageFactory
from tests.one_word_search import (
    OTHER_SEARCHES,
    assert_agrees_with_full_text,
    edit_the_walks,
    ids_total_and_query,
    site_search,
)

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps the word counts")


@pytest.fixture
def walks(demo):
    """A year of fourteen walks that tie and differ in score: seven named after the
    kelpie, seven mentioning it, and one long walk that mentions it three times."""
    year = CampaignYearPageFactory(parent=demo, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    for n in range(7):
        EventPageFactory(parent=day, title=f"Kelpie walk {n}", description="<p>A walk.</p>")
    for n in range(7):
        EventPageFactory(parent=day, title=f"Canal walk {n}", description="<p>A walk to the kelpie.</p>")
    EventPageFactory(
        parent=day,
        title="The long walk",
        description="<p>" + "From the kelpie along the towpath, past locks and basins. " * 3 + "</p>",
    )
    return year


def from_counts(sql: str) -> bool:
    """Whether a search's query read the word counts (not bm25, as searches they cannot
    answer do)."""
    return '"search_termcount"' in sql and "bm25(" not in sql


def read_counts(found, start, stop):
    """ids_and_total of `found`, and whether it was answered from the word counts."""
    answer, sql = ids_total_and_query(found, start, stop)
    return answer, from_counts(sql)


def assert_agrees_with_bm25(found, per_page=5):
    """Against the full-text table's own count and slices (Wagtail's query, scored by
    bm25), page by page and one past the end."""
    return assert_agrees_with_full_text(found, from_counts, per_page)


def counts() -> set[tuple]:
    return set(
        TermCount.objects.values_list(
            "entry_id",
            "page_id",
            "content_type_id",
            "path",
            "live",
            "lexeme",
            "title_count",
            "body_count",
            "length",
            "reference_score",
        )
    ) | {("title_norm", row) for row in TermCount.objects.values_list("entry_id", "title_norm").distinct()}


def assert_counted_as_afresh():
    """What the triggers and the index kept is what counting every entry afresh gives."""
    kept = counts()
    term_counts.recount_all(connection)
    assert counts() == kept


WORDS = ["kelpie", "Kelpie", "walk", "towpath", "dragons", "the", "zanzibar"]


@pytest.mark.parametrize("narrowed", ["everything", "the year", "events", "blog posts"])
def test_a_one_word_search_finds_counts_and_ranks_as_bm25_does(walks, narrowed):
    """Ties broken by the newest page first, titles counting twice, long entries lower,
    a word that is everywhere ("the"), nowhere, or in another case; filters."""
    for word in WORDS:
        found = site_search(
            word,
            year=walks if narrowed == "the year" else None,
            type_key={"events": "event", "blog posts": "post"}.get(narrowed, ""),
        )
        total = assert_agrees_with_bm25(found)
        if word in ("kelpie", "walk") and narrowed != "blog posts":
            assert total >= 15, word


def test_the_best_match_is_the_one_bm25_puts_first(walks):
    """Not only the same as the full-text table: sensible. A walk named after the kelpie
    comes before one that only mentions it."""
    ids, total = site_search("kelpie", year=walks).ids_and_total(0, 15)
    titles = list(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    ranked = [dict(titles)[pk] for pk in ids]
    assert total == 15
    assert set(ranked[:7]) == {f"Kelpie walk {n}" for n in range(7)}
    assert set(ranked[7:]) == {f"Canal walk {n}" for n in range(7)} | {"The long walk"}


def test_the_site_search_page_answers_one_word_from_the_counts(client, walks):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "kelpie", "year": "2031"})
    assert "15 results for “kelpie”" in response.content.decode()
    searched = [query["sql"] for query in queries.captured_queries if "search_termcount" in query["sql"]]
    assert len(searched) == 1
    assert "bm25(" not in searched[0]


@pytest.mark.parametrize("search", OTHER_SEARCHES)
def test_other_searches_are_ranked_by_the_full_text_table(walks, search):
    found = search()
    (ids, counted), from_counts = read_counts(found, 0, 5)
    assert not from_counts
    assert ids == [page.pk for page in found[0:5]]


def test_edits_moves_unpublishing_privacy_and_deletion_reach_the_next_search(walks):
    deleted_id = edit_the_walks(walks, assert_agrees=assert_agrees_with_bm25, total_after_unpublishing=14)
    assert not TermCount.objects.filter(page_id=deleted_id).exists()
    assert not UncountedEntry.objects.exists()
    assert_counted_as_afresh()


def test_new_pages_change_the_average_length_every_score_depends_on(walks):
    """bm25 divides each entry's length by the index's average, which every new page
    moves: the order comes out as the full-text table's after many long pages."""
    day = walks.get_children().first().specific
    for n in range(6):
        EventPageFactory(parent=day, title=f"Essay {n}", description="<p>" + "Words about towpaths. " * 200 + "</p>")
    assert_agrees_with_bm25(site_search("kelpie"))
    assert_agrees_with_bm25(site_search("walk"))


@pytest.mark.parametrize("moved", [0.25, 4.0])
def test_however_far_the_average_has_moved_from_the_reference(walks, moved):
    """A search ranks only the rows whose reference score can put them among the page
    it shows, a bound that widens as the index's average moves from the reference:
    with a reference four times too short or too long, still bm25's order."""
    average = term_counts.index_average_length(connection)
    term_counts.set_reference(connection, average * moved)
    assert ReferenceLength.objects.get().average == average * moved
    for word in ("kelpie", "walk", "the"):
        assert_agrees_with_bm25(site_search(word), per_page=3)
    assert_agrees_with_bm25(site_search("walk", year=walks), per_page=4)

    call_command("update_index", verbosity=0)
    assert ReferenceLength.objects.get().average == term_counts.index_average_length(connection)
    assert_agrees_with_bm25(site_search("walk"))
    assert_counted_as_afresh()


def test_a_page_that_leaves_the_index_leaves_the_counts(walks):
    """Wagtail removes a page's index entry with a raw delete; its rows go with it."""
    event = EventPage.objects.get(title="Kelpie walk 3")
    assert TermCount.objects.filter(page_id=event.pk, lexeme="kelpie").exists()
    event.index_entries.all()._raw_delete(using=connection.alias)
    assert not TermCount.objects.filter(page_id=event.pk).exists()


def test_while_an_entry_is_uncounted_searches_are_ranked_by_bm25(walks):
    """An entry written behind the index's back (a database loaded, raw SQL) is noted
    by the triggers; searches rank through the full-text table until it is counted,
    by the next indexing or `update_index`."""
    event = EventPage.objects.get(title="Canal walk 3")
    entry = event.index_entries.get()
    entry.body = "Kelpie, kelpie, kelpie."
    entry.save(update_fields=["body"])
    assert UncountedEntry.objects.filter(entry_id=entry.pk).exists()
    assert not TermCount.objects.filter(entry_id=entry.pk).exists()
    found = site_search("kelpie")
    (ids, counted), from_counts = read_counts(found, 0, 5)
    assert not from_counts
    assert ids == [page.pk for page in found[0:5]]
    assert event.pk in ids

    call_command("update_index", verbosity=0)
    assert not UncountedEntry.objects.exists()
    assert_agrees_with_bm25(site_search("kelpie"))
    assert_counted_as_afresh()


def test_lengths_and_the_average_are_the_full_text_tables_own(walks):
    """Each entry's length is what the full-text table records for it, and the average
    read from its averages record is its rows' tokens over their number."""
    table = Page.index_entries.field.related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, sz FROM {table}_fts_docsize")  # noqa: S608 - a table name
        sizes = {entry_id: sum(term_counts.varints(size)) for entry_id, size in cursor.fetchall()}
        cursor.execute(f"SELECT block FROM {table}_fts_data WHERE id = %s", [term_counts.AVERAGES_ROWID])  # noqa: S608
        averages = cursor.fetchone()[0]
    lengths = dict(TermCount.objects.values_list("entry_id", "length").distinct())
    assert len(lengths) > 20
    assert lengths == {entry_id: sizes[entry_id] for entry_id in lengths}
    assert term_counts.average_length(averages) == sum(sizes.values()) / len(sizes)


@pytest.mark.parametrize(
    ("data", "numbers"),
    [
        (b"", []),
        (bytes([0x00, 0x7F]), [0, 127]),
        (bytes([0x81, 0x00, 0x82, 0x2C]), [128, 300]),
        (bytes([0xFF] * 8 + [0xFF]), [2**64 - 1]),
    ],
)
def test_sqlite_varints(data, numbers):
    assert term_counts.varints(data) == numbers


def test_no_averages_no_average():
    assert term_counts.average_length(None) is None
    assert term_counts.average_length(bytes([0, 0, 0, 0])) is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_database_loaded_afresh_is_counted_by_update_index(client):
    """A database loaded from a dump or a fixture (as each browser test's is) may write
    the index entries before their pages: every entry is noted, searches are right
    meanwhile, and `update_index` counts them all once."""
    found = site_search("dragons")
    assert [page.pk for page in found[0:5]] == found.ids_and_total(0, 5)[0]
    call_command("update_index", verbosity=0)
    assert not UncountedEntry.objects.exists()
    assert TermCount.objects.values("entry_id", "lexeme").distinct().count() == TermCount.objects.count()
    found = site_search("dragons")
    assert found.count() == 1
    assert_agrees_with_bm25(found)
