"""Site search across every year: what a reader finds, how they narrow it, and what they
must never find."""

import html as html_lib
import re

import pytest
from modelsearch.query import Or, Phrase, PlainText

from wagtail.models import Page, PageViewRestriction

from campaign.models import CampaignYearPage, EventPage
from search.excerpts import highlight
from tests.factories import CampaignYearPageFactory, EventPageFactory, ProgrammeDayPageFactory
from tests.responses import result_titles


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def result_years(html: str) -> list[str]:
    return re.findall(r'<span class="result__year">(\d{4})</span>', html)


@pytest.fixture
def year_2031(demo):
    year = CampaignYearPageFactory(parent=demo, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    EventPageFactory(
        parent=day,
        title="Dragons Den for social enterprises in Fife",
        description="<p>Pitch an idea to a panel of Dragons.</p>",
    )
    return year


def test_finds_a_2017_event_by_a_word_of_its_description(client, demo):
    html = search(client, q="Dragons")
    assert result_titles(html) == ["Inspiralba networking event in Argyll"]
    assert "1 result for “Dragons”" in html
    assert result_years(html) == ["2017"], "each result shows the year it belongs to"
    assert '<span class="result__type">Networking</span>' in html
    assert "a <mark>Dragons</mark> Den process" in html, "the excerpt shows the words that matched"
    event = EventPage.objects.get(title="Inspiralba networking event in Argyll")
    assert f'href="{event.url}"' in html


def test_an_excerpt_marks_its_words_and_escapes_everything_else(client, year_2031):
    """The excerpt is the page's own text: markup in it is shown as text, right beside
    a marked word as well as away from one."""
    day = year_2031.get_children().get().specific
    EventPageFactory(parent=day, title="Kelpie walk", search_description='Kelpies <b>&</b> "kelpie<i>s</i>" talk')
    response = client.get("/search/", {"q": "kelpie"})
    raw = response.content.decode()
    assert (
        "<mark>Kelpie</mark>s &lt;b&gt;&amp;&lt;/b&gt; &quot;<mark>kelpie</mark>&lt;i&gt;s&lt;/i&gt;&quot; talk" in raw
    )


def test_control_characters_in_a_pages_text_never_become_marks():
    """The excerpt's matches are bracketed with two control characters until the text
    is escaped (search.excerpts.highlight): the same characters in a page's own text are
    dropped, never turned into <mark> tags."""
    assert highlight("a\x01b <kelpie>\x00 \x00c\x01", "kelpie") == "ab &lt;<mark>kelpie</mark>&gt; c"


def test_filters_by_year(client, year_2031):
    assert set(result_years(search(client, q="Dragons"))) == {"2017", "2031"}
    in_2017 = search(client, q="Dragons", year="2017")
    assert result_titles(in_2017) == ["Inspiralba networking event in Argyll"]
    assert "1 result for “Dragons” in 2017" in in_2017
    in_2031 = search(client, q="Dragons", year="2031")
    assert result_titles(in_2031) == ["Dragons Den for social enterprises in Fife"]
    # The chosen year stays selected for the next search.
    assert '<option value="2031" selected>2031</option>' in in_2031


def test_filters_by_type(client, demo):
    posts = search(client, q="power", type="post")
    assert result_titles(posts)
    assert set(re.findall(r'<span class="result__type">([^<]+)</span>', posts)) == {"Blog post"}
    events = search(client, q="power", type="event")
    titles = result_titles(events)
    assert "Power, Health and Social Justice" in titles
    assert "Power on Power" not in titles
    assert "among events" in events


def test_never_returns_drafts_or_private_pages(client, year_2031):
    day = year_2031.get_children().get().specific
    EventPageFactory(parent=day, title="Unpublished zanzibar event", live=False)
    private_day = ProgrammeDayPageFactory(parent=year_2031, date=year_2031.start_date.replace(day=21))
    EventPageFactory(parent=private_day, title="Members-only zanzibar event")
    PageViewRestriction.objects.create(page=private_day, restriction_type="password", password="members")
    # A live event whose newer draft mentions the word: only the published text counts.
    published = EventPage.objects.get(title="Dragons Den for social enterprises in Fife")
    published.description = "<p>Now with zanzibar.</p>"
    published.save_revision()

    html = search(client, q="zanzibar")
    assert result_titles(html) == []
    assert "0 results for “zanzibar”" in html


@pytest.mark.parametrize(
    ("query", "found"),
    [
        # hosts, authors (and their organisations), key questions, team, hashtags
        ("Population", "Power, Health and Social Justice"),
        ("Marwick", "Should we evaluate co-production?"),
        ("Iriss", "Josie Vallely, Iriss: the potential of co-production to distribute power"),
        ("imbalance", "Co-production Week Scotland 2017"),
        ("Olivia", "Co-production Week Scotland 2017"),
        ("GHFF20", "Power, Health and Social Justice"),
        ("Conversation", "Resources"),
    ],
)
def test_search_reaches_what_readers_look_for(client, demo, query, found):
    assert found in result_titles(search(client, q=query))


def test_results_are_paginated_and_keep_the_search(client, year_2031):
    day = year_2031.get_children().get().specific
    for n in range(12):
        EventPageFactory(parent=day, title=f"Kelpie walk {n}", description="<p>A kelpie walk.</p>")
    first = search(client, q="kelpie")
    assert "12 results for “kelpie”" in first
    assert len(result_titles(first)) == 10
    assert 'href="?q=kelpie&page=2"' in first
    second = search(client, q="kelpie", page="2")
    assert len(result_titles(second)) == 2
    assert '<ol class="results" start="11">' in second


@pytest.mark.parametrize(
    ("asked", "shown", "first_number"),
    [("99", 2, "11"), ("0", 2, "11"), ("-3", 2, "11"), ("two", 10, "1"), ("", 10, "1")],
)
def test_a_page_number_that_is_not_a_page_shows_the_first_or_last(client, year_2031, asked, shown, first_number):
    """As Django's Paginator.get_page: not a number shows the first page; out of range
    shows the last, with the right count, though the search found nothing there."""
    day = year_2031.get_children().get().specific
    for n in range(12):
        EventPageFactory(parent=day, title=f"Kelpie walk {n}", description="<p>A kelpie walk.</p>")
    html = search(client, q="kelpie", page=asked)
    assert "12 results for “kelpie”" in html
    assert len(result_titles(html)) == shown
    assert f'<ol class="results" start="{first_number}">' in html


def test_a_search_backend_without_one_query_paging_is_paged_alike(year_2031):
    """Wagtail's LIKE search (used where SQLite lacks FTS5) has no ids_and_total: the
    pages of its results come from a count and a slice, numbered the same way."""
    from wagtail.search.backends.database.fallback import DatabaseSearchBackend

    from search.paging import page_of_results

    day = year_2031.get_children().get().specific
    events = [EventPageFactory(parent=day, title=f"Kelpie walk {n}") for n in range(12)]
    found = DatabaseSearchBackend({}).search("kelpie", EventPage.objects.live())
    assert not hasattr(found, "ids_and_total")
    first, last, beyond = (page_of_results(found, number, 10) for number in ("1", "2", "7"))
    assert first.paginator.count == 12
    assert sorted(first.object_list + last.object_list) == sorted(event.pk for event in events)
    assert (beyond.number, beyond.object_list) == (2, last.object_list)


def kelpie_and_canal_walks(year):
    """Fourteen events that tie and differ in score: seven named after the kelpie, seven
    mentioning it, and a canal in some of each."""
    day = year.get_children().get().specific
    for n in range(7):
        EventPageFactory(parent=day, title=f"Kelpie walk {n}", description="<p>A walk.</p>")
    for n in range(7):
        EventPageFactory(parent=day, title=f"Canal walk {n}", description="<p>A walk to the kelpie.</p>")


WAYS_TO_SEARCH = {
    "a word": lambda pages: pages.search("kelpie", operator="and"),
    "every word": lambda pages: pages.search("kelpie walk", operator="and"),
    "any word": lambda pages: pages.search("kelpie canal", operator="or"),
    "a phrase": lambda pages: pages.search(Phrase("canal walk")),
    "one word or another": lambda pages: pages.search(Or([PlainText("kelpie"), PlainText("canal walk")])),
    "as it is typed": lambda pages: pages.autocomplete("kelp"),
}


@pytest.mark.parametrize("way", WAYS_TO_SEARCH)
@pytest.mark.parametrize("of_pages", ["events", "every page of the year"])
def test_one_query_paging_agrees_with_wagtails_count_and_slice(year_2031, way, of_pages):
    """The site search's one query (ids_and_total) ranks and counts as the backend's own
    count() and slicing do, which Wagtail's admin search uses, on either database."""
    kelpie_and_canal_walks(year_2031)
    pages = EventPage.objects.live() if of_pages == "events" else Page.objects.live().descendant_of(year_2031)
    found = WAYS_TO_SEARCH[way](pages)
    total = found.count()
    assert total >= 7
    for start in range(0, total + 5, 5):
        ids, counted = found.ids_and_total(start, start + 5)
        assert ids == [page.pk for page in found[start : start + 5]]
        assert counted == (total if start < total else None)


def test_a_page_named_after_the_word_comes_before_one_that_mentions_it(client, year_2031):
    day = year_2031.get_children().get().specific
    # As alike as can be but for where the word is: the same length of title and text.
    EventPageFactory(parent=day, title="Canal walk", description="<p>A walk along the canal to the kelpie.</p>")
    EventPageFactory(parent=day, title="Kelpie walk", description="<p>A walk along the canal to the horses.</p>")
    assert result_titles(search(client, q="kelpie")) == ["Kelpie walk", "Canal walk"]


def test_pages_of_results_follow_one_ranking_without_repeats_or_gaps(client, year_2031):
    day = year_2031.get_children().get().specific
    for n in range(6):
        EventPageFactory(parent=day, title=f"Kelpie walk {n}", description="<p>A walk.</p>")
    for n in range(6):
        EventPageFactory(parent=day, title=f"Canal walk {n}", description="<p>A walk to the kelpie.</p>")
    first = result_titles(search(client, q="kelpie"))
    second = result_titles(search(client, q="kelpie", page="2"))
    assert len(first) == 10
    assert len(second) == 2
    assert len(set(first + second)) == 12
    assert [title.startswith("Kelpie") for title in first + second] == [True] * 6 + [False] * 6


def test_filters_narrow_ranked_results(client, year_2031):
    day = year_2031.get_children().get().specific
    EventPageFactory(parent=day, title="Kelpie walk", description="<p>A walk.</p>")
    EventPageFactory(parent=day, title="Canal walk", description="<p>A walk to the kelpie.</p>")
    assert result_titles(search(client, q="kelpie", year="2031", type="event")) == ["Kelpie walk", "Canal walk"]
    assert result_titles(search(client, q="kelpie", year="2017")) == []
    assert result_titles(search(client, q="kelpie", type="post")) == []


def test_a_very_long_query_is_shortened_not_refused(client, demo):
    html = search(client, q="power " + "a" * 10_000)
    assert "only its first 200 characters were used" in html
    assert "result" in html


@pytest.mark.parametrize("query", ['"*(AND', "NOT OR", "power*", "co-production)"])
def test_search_syntax_characters_never_cause_an_error(client, demo, query):
    search(client, q=query)


def test_empty_state_and_no_results(client, demo):
    empty = search(client)
    assert "Search every year" in empty
    assert 'href="/2017/">2017</a>' in empty
    assert result_titles(empty) == []
    none = search(client, q="xylophone", year="2017")
    assert "0 results for “xylophone” in 2017" in none
    assert "search every year</a>" in none


def test_unknown_filters_are_explained(client, demo):
    html = search(client, q="Dragons", year="1999", type="podcast")
    assert "There is no year “1999” on this site" in html
    assert "“podcast” is not a type of page we can filter by" in html
    assert result_titles(html) == ["Inspiralba networking event in Argyll"]


def test_results_pages_are_not_indexed_by_search_engines(client, demo):
    assert '<meta name="robots" content="noindex, follow">' in search(client, q="power")


@pytest.mark.parametrize("url", ["/", "/2017/", "/2017/blog/", "/people/gerry-power/", "/search/"])
def test_every_page_has_the_header_search_box(client, demo, url):
    html = client.get(url).content.decode()
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    assert '<form class="site-search" action="/search/" method="get" role="search"' in header
    assert '<label for="site-search-q"' in header
    assert 'name="q"' in header


def test_every_year_is_searchable(demo):
    years = CampaignYearPage.objects.live().values_list("year", flat=True)
    assert set(years) == {2017, 2018}


def test_an_edit_reaches_the_results_at_once(client, demo):
    """What a result shows is kept per page until content changes (search.results)."""
    event = EventPage.objects.get(title="Inspiralba networking event in Argyll")
    assert result_titles(search(client, q="Dragons")) == ["Inspiralba networking event in Argyll"]
    event.title = "Inspiralba networking evening in Argyll"
    event.search_description = "An evening of Dragons and networking."
    event.save_revision().publish()
    html = search(client, q="Dragons")
    assert result_titles(html) == ["Inspiralba networking evening in Argyll"]
    assert "An evening of <mark>Dragons</mark> and networking." in html
    event.unpublish()
    assert "0 results for “Dragons”" in search(client, q="Dragons")


def test_a_page_of_results_kept_before_asks_one_query(client, demo, django_assert_num_queries):
    """Results of several kinds (events, posts, days) are put together from what each
    page's result showed before: no query for each kind; and the ranked page and the
    number of results come from one query (search.paging)."""
    first = search(client, q="co-production")
    kinds = set(re.findall(r'<span class="result__type">([^<]+)</span>', first))
    assert len(kinds) > 2
    with django_assert_num_queries(1):
        again = search(client, q="co-production")
    assert result_titles(again) == result_titles(first)
