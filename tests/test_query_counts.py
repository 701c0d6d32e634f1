"""No public page asks the database more often because a year has more events or posts."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    EventPageFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
)

# Generous enough for Wagtail's own routing and settings lookups; what matters is that
# the count is the same for 5 items and for 100.
QUERY_BOUND = 25


def build_year(home_page, n: int):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    days = [
        ProgrammeDayPageFactory(parent=year, date=year.start_date + datetime.timedelta(days=i), show_in_menus=True)
        for i in range(2)
    ]
    blog = BlogIndexPageFactory(parent=year, show_in_menus=True)
    organisations = [OrganisationFactory() for _ in range(3)]
    for i in range(n):
        EventPageFactory(parent=days[i % 2], hosts=organisations[: 1 + i % 3])
        post = BlogPostPageFactory(parent=blog, release_date=days[i % 2].date, authors=[PersonFactory()])
        post.tags.add("power", f"topic {i % 4}")
        post.save()
    return year, days[0], blog


def count_queries(client, url: str) -> int:
    # A first visit fills per-process caches (content types, site root paths), so
    # count the second, as nearly every real visit is.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


URLS = ["/", "/2031/", "/2031/thursday-20-november/", "/2031/blog/", "/2031/blog/?page=2"]


@pytest.fixture
def counts_for(client, home_page):
    def measure(n):
        year, day, blog = build_year(home_page, n)
        event = day.get_children().first()
        post = blog.get_children().first()
        urls = [*URLS, event.url, post.url]
        return {
            url.replace(event.url, "<event>").replace(post.url, "<post>"): count_queries(client, url) for url in urls
        }

    return measure


@pytest.mark.slow
def test_query_count_is_bounded_and_does_not_grow_with_content(counts_for):
    from campaign.models import CampaignYearPage

    few = counts_for(5)
    assert max(few.values()) <= QUERY_BOUND, few
    # The same pages again, with twenty times as many events and posts.
    CampaignYearPage.objects.filter(year=2031).delete()
    many = counts_for(100)
    assert max(many.values()) <= QUERY_BOUND, many
    assert few == many
