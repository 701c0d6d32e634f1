import json

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from blog.models import POSTS_PER_PAGE, BlogIndexPage
from campaign.models import CalendarPage, EventPage, ProgrammeDayPage
from home.models import HomePage


class Command(BaseCommand):
    help = (
        "For `make bench`: the pages it measures, picked from this database (the year with the "
        "biggest blog), each with its SQL query count when rendered with nothing cached. Prints JSON."
    )

    def handle(self, *args, **options):
        self.stdout.write(json.dumps([{**page, "queries": count(page["path"])} for page in bench_pages()]))


def bench_pages() -> list[dict]:
    blog = max(BlogIndexPage.objects.live(), key=lambda b: b.get_children().live().count())
    year = blog.get_parent().specific
    day = ProgrammeDayPage.objects.child_of(year).live().order_by("date").first()
    event = EventPage.objects.child_of(day).live().first()
    post = blog.get_children().live().order_by("-path").first()
    calendar = CalendarPage.objects.child_of(year).live().first()
    last_page = max(1, -(-blog.get_children().live().count() // POSTS_PER_PAGE))
    deep = min(20, last_page)
    return [
        {"name": "home", "path": HomePage.objects.get().url},
        {"name": f"year {year.year}", "path": year.url},
        {"name": "a day", "path": day.url},
        {"name": "an event", "path": event.url},
        {"name": "calendar, filtered", "path": f"{calendar.url}?kind=workshop"},
        {"name": "blog index, page 1", "path": blog.url},
        {"name": f"blog index, page {deep}", "path": f"{blog.url}?page={deep}"},
        {"name": "a post", "path": post.url},
        # A word in nearly every page of the generated scale text (3,509 of them): every
        # match is ranked.
        {"name": "search", "path": "/search/?q=power"},
        # The network's own word, as a reader would type it: a few dozen pages, a full
        # page of results of several kinds, so building the page outweighs the ranking.
        {"name": "search, co-production", "path": "/search/?q=co-production"},
        {"name": "calendar feed (.ics)", "path": f"/calendar/{year.year}.ics"},
        {"name": "RSS feed", "path": "/feeds/rss/"},
    ]


def count(path: str) -> int:
    """Queries for one visit with the page cache off and every cache empty; a first
    visit makes any picture renditions, which are then kept."""
    from django.core.cache import cache

    from core.page_cache import purge_all

    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    # A memory cache of this process's own: clearing it must never touch a shared Redis.
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench"}}
    with override_settings(PAGE_CACHE_ENABLED=False, CACHES=local):
        client.get(path, secure=True)
        cache.clear()
        purge_all()  # and what the process remembers per content generation
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries)
