"""The query budget: every public page asks the database at most WARM_BUDGET times
with warm caches and at most COLD_BUDGET times with every cache empty, and exactly as
often with the scale data added (many more years, events, posts, people) as with the
demo alone. The full-page cache is on, as in production."""

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPostPage
from campaign.models import EventPage
from core.demo.scale import ScaleBuilder, ScaleSize
from core.page_cache import purge_all
from tests.factories import ImageFactory
from tests.public_pages import SHOWN, demo_pages

# Pages served from the full-page cache ask nothing; pages with a form (never shared)
# ask for the page's route and the form's year (the site, its settings and the private
# sections are remembered per content generation).
WARM_BUDGET = 10
# With nothing cached at all: year pages, blog indexes and calendars ask 19–20 times
# (Wagtail's routing takes one query per address segment; a year page lists five kinds
# of content).
COLD_BUDGET = 20

FEEDS_AND_LISTINGS = [
    "/2017/blog/?page=2",
    "/2017/calendar/?page=2",
    "/feeds/rss/",
    "/feeds/2017/atom/",
    "/calendar/2017.ics",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-authors.xml",
    "/people/?page=2",
]


# Searches whose page of results holds other kinds of pages once the scale data is there.
SEARCH_WITH_RESULTS = "/search/?q="


def public_paths() -> list[str]:
    return [page.path for page in demo_pages() if page.state == SHOWN and page.status == 200] + FEEDS_AND_LISTINGS


def measure(client, path: str) -> tuple[int, int]:
    """Queries for one visit with every cache empty, then for the next visit. A picture's
    renditions are made once, by the first visit ever, and kept: that visit is not
    counted."""
    client.get(path)
    cache.clear()
    purge_all()  # and what each process remembers per content generation
    with CaptureQueriesContext(connection) as cold:
        first = client.get(path)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(path)
    assert first.status_code == second.status_code == 200, path
    return len(cold), len(warm)


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def give_the_demo_pictures():
    """The demo has no pictures and the scale data has many: a picture on the newest
    post and on an event makes the two alike in kind, so only their size differs."""
    picture = ImageFactory()
    post = BlogPostPage.objects.live().order_by("-first_published_at").first()
    post.feature_image = picture
    post.save()
    event = EventPage.objects.live().first()
    event.image = picture
    event.save()


@pytest.mark.slow
def test_every_public_page_keeps_to_the_budget_with_demo_and_scale_data(demo, client, page_cache_on):
    give_the_demo_pictures()
    paths = public_paths()
    with_demo = {path: measure(client, path) for path in paths}

    ScaleBuilder(ScaleSize.small(), seed=7).build()
    with_scale = {path: measure(client, path) for path in paths}
    # The scale years' own pages: a full blog index deep in its pages, a day of events.
    scale_pages = ["/2008/", "/2008/blog/?page=2", "/2008/calendar/?kind=workshop", "/2008/blog/post-1/"]
    scale_only = {path: measure(client, path) for path in scale_pages}

    for counts in (with_demo, with_scale, scale_only):
        over = {path: n for path, n in counts.items() if n[0] > COLD_BUDGET or n[1] > WARM_BUDGET}
        assert not over, f"over budget (cold, warm): {over}"
    changed = {
        path: (with_demo[path], with_scale[path])
        for path in paths
        if with_demo[path] != with_scale[path] and not path.startswith(SEARCH_WITH_RESULTS)
    }
    assert not changed, f"query counts changed with the scale data (demo, scale): {changed}"


def test_search_asks_as_often_however_much_is_indexed(demo, client, page_cache_on):
    """Search results are fetched with one query per kind of page on the page of results
    (Wagtail's .specific()), so the test above leaves out searches whose results change
    when the scale data is added. A search for what only the demo holds has the same
    results with and without the scale data: its count must not change."""
    before = measure(client, "/search/?q=Inspiralba")
    assert "Inspiralba networking event" in client.get("/search/?q=Inspiralba").content.decode()
    ScaleBuilder(ScaleSize.small(), seed=7).build()
    assert measure(client, "/search/?q=Inspiralba") == before
    assert before[0] <= COLD_BUDGET


def test_only_pages_below_a_year_ask_which_year_they_are_in(demo, django_assert_num_queries):
    """Every page view asks which year its page belongs to (the title, the year's menu).
    The home page and the pages beside the years cannot be in one, and do not ask."""
    from wagtail.models import Page

    def fresh(url_path):
        return Page.objects.get(url_path=url_path).specific

    for top_level in ("/home/", "/home/about/", "/home/accessibility/"):
        page = fresh(top_level)
        with django_assert_num_queries(0):
            assert page.campaign_year is None, top_level
    year = fresh("/home/2017/")
    with django_assert_num_queries(0):
        assert year.campaign_year == year
    for below in ("/home/2017/blog/", "/home/2017/monday-27-november/", "/home/2017/blog/power-on-power/"):
        page = fresh(below)
        with django_assert_num_queries(1):
            assert page.campaign_year == year, below
        # Each process keeps the answer until content changes (core.in_process).
        page = fresh(below)
        with django_assert_num_queries(0):
            assert page.campaign_year == year, below
        purge_all()
