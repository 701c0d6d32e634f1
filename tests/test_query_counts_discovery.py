"""Author pages, filtered blogs, resources, search, feeds and the sitemap ask the database
as often for 13 posts, events and resources as for 40 (more than a page of
each listing, and more than a feed holds)."""

import datetime

import pytest

from campaign.models import CampaignYearPage
from core.models import Person
from resources.models import Resource
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    DocumentFactory,
    EventPageFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
    ResourceIndexPageFactory,
)
from tests.test_query_counts import QUERY_BOUND, count_queries


def build_years(home_page, n: int):
    """Two years; one author writes n posts across both; n events and n resources."""
    author = Person.objects.filter(slug="prolific-author").first() or PersonFactory(name="Prolific Author")
    organisations = [OrganisationFactory() for _ in range(3)]
    years = [CampaignYearPageFactory(parent=home_page, year=2031 + i) for i in range(2)]
    blogs = [BlogIndexPageFactory(parent=year) for year in years]
    day = ProgrammeDayPageFactory(parent=years[0])
    resources = ResourceIndexPageFactory(parent=years[0])
    document = DocumentFactory()
    for i in range(n):
        post = BlogPostPageFactory(
            parent=blogs[i % 2],
            title=f"Kelpie post {i}",
            release_date=datetime.date(2031 + i % 2, 11, 20),
            first_published_at=datetime.datetime(2031 + i % 2, 11, 20, 9, tzinfo=datetime.UTC),
            authors=[author, PersonFactory()],
        )
        post.tags.add("power", f"topic {i % 4}")
        post.save()
        event = EventPageFactory(parent=day, title=f"Kelpie walk {i}", hosts=organisations[: 1 + i % 3])
        Resource.objects.create(
            page=resources,
            title=f"Kelpie film {i}",
            kind=["film", "report", "tool"][i % 3],
            organisation=organisations[i % 3],
            document=document if i % 3 == 1 else None,
            link="https://example.org/" if i % 3 != 1 else "",
            event=event,
        )


URLS = [
    "/people/",
    "/people/prolific-author/",
    "/people/prolific-author/?page=2",
    "/2031/blog/?tag=power",
    "/2031/blog/?author=prolific-author&tag=power",
    "/2031/resources/",
    "/search/?q=kelpie",
    "/search/?q=kelpie&year=2031&type=event&page=1",
    "/feeds/rss/",
    "/feeds/2031/atom/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-authors.xml",
]


@pytest.fixture
def counts_for(client, home_page):
    def measure(n):
        build_years(home_page, n)
        return {url: count_queries(client, url) for url in URLS}

    return measure


@pytest.mark.slow
def test_discovery_pages_ask_the_database_a_fixed_number_of_times(counts_for):
    few = counts_for(13)
    assert max(few.values()) <= QUERY_BOUND, few
    CampaignYearPage.objects.filter(year__in=[2031, 2032]).delete()
    many = counts_for(40)
    assert max(many.values()) <= QUERY_BOUND, many
    assert few == many
