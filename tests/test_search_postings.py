"""On PostgreSQL, a site search for one word is read from each page's score for that
word (search.postings), kept by PostgreSQL as content changes: it must find, count and
order exactly what Wagtail's own query does, at once after any change."""

import pytest

from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

from campaign.models import CampaignYearPage, EventPage
from search import postings
from search.models import Posting
from search.views import searchable_pages
from tests.factories import CampaignYearPageFactory, EventPageFactory, ProgrammeDayPageFactory

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


def site_search(word, *, year=None, type_key=""):
    request = RequestFactory().get("/search/", SERVER_NAME="localhost")
    return searchable_pages(request, year, type_key).search(word, operator="and")


def read_postings(found, start, stop):
    """ids_and_total of `found`, and whether it was answered from the postings (its
    last query read them: a search they cannot answer is then asked of Wagtail's)."""
    with CaptureQueriesContext(connection) as queries:
        answer = found.ids_and_total(start, stop)
    return answer, '"search_posting"' in queries.captured_queries[-1]["sql"]


def assert_agrees_with_wagtail(found, per_page=5):
    total = found.count()
    for start in range(0, total + per_page + 1, per_page):
        (ids, counted), posted = read_postings(found, start, start + per_page)
        assert posted
        assert ids == [page.pk for page in found[start : start + per_page]]
        assert counted == total
    return total


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


@pytest.mark.parametrize(
    "search",
    [
        pytest.param(lambda: site_search("kelpie walk"), id="two words"),
        pytest.param(lambda: site_search("2031"), id="a number"),
        pytest.param(lambda: site_search("café"), id="a word with other letters"),
        pytest.param(lambda: EventPage.objects.live().search("kelpie"), id="events joined to their pages"),
        pytest.param(
            lambda: Page.objects.live().descendant_of(CampaignYearPage.objects.get(year=2031)).search("kelpie"),
            id="filtered on a column the postings lack (depth)",
        ),
    ],
)
def test_other_searches_are_ranked_by_wagtails_query(walks, search):
    found = search()
    (ids, counted), posted = read_postings(found, 0, 5)
    assert not posted
    assert ids == [page.pk for page in found[0:5]]


def test_edits_moves_unpublishing_privacy_and_deletion_reach_the_next_search(walks):
    mention = EventPage.objects.get(title="Canal walk 0")
    # Named after the kelpie now: among the seven best.
    mention.title = "Kelpie canal walk"
    mention.save_revision().publish()
    assert mention.pk in site_search("kelpie").ids_and_total(0, 8)[0]
    assert_agrees_with_wagtail(site_search("kelpie"))

    named = EventPage.objects.get(title="Kelpie walk 0")
    named.unpublish()
    ids, total = site_search("kelpie").ids_and_total(0, 20)
    assert named.pk not in ids
    assert total == 13

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
    assert not Posting.objects.filter(page_id=deleted_id).exists()
    assert_agrees_with_wagtail(site_search("kelpie"))
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
