"""A page is indexed for search on every save; what its entry says about hosts and
authors is read from the database once per relation, however many there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.search.index import insert_or_update_object

from blog.models import BlogPostAuthor
from campaign.models import EventHost
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    EventPageFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
)
from tests.responses import result_titles, text


def queries_to_index(page) -> int:
    with CaptureQueriesContext(connection) as queries:
        insert_or_update_object(type(page).objects.get(pk=page.pk))
    return len(queries)


def found(client, words: str) -> list[str]:
    return result_titles(text(client.get("/search/", {"q": words})))


def test_indexing_a_post_asks_as_often_for_three_authors_as_for_one(demo, client):
    year = CampaignYearPageFactory(parent=demo, year=2040)
    blog = BlogIndexPageFactory(parent=year)
    one = BlogPostPageFactory(parent=blog, title="Written alone", authors=[PersonFactory()])
    three = BlogPostPageFactory(
        parent=blog,
        title="Written together",
        authors=[PersonFactory(), PersonFactory(), PersonFactory(organisation=OrganisationFactory(name="Quernstone"))],
    )
    three.tags.add("kelp")
    three.save()

    assert queries_to_index(three) == queries_to_index(one)
    # Every author's organisation and every tag is still in the post's entry.
    insert_or_update_object(three)
    assert found(client, "Quernstone") == ["Written together"]
    assert found(client, "kelp") == ["Written together"]


def test_indexing_an_event_asks_as_often_for_four_hosts_as_for_one(demo, client):
    day = ProgrammeDayPageFactory(parent=CampaignYearPageFactory(parent=demo, year=2040))
    one = EventPageFactory(parent=day, hosts=[OrganisationFactory()])
    four = EventPageFactory(
        parent=day,
        title="Hosted by many",
        hosts=[*OrganisationFactory.create_batch(3), OrganisationFactory(name="Wrackline Trust")],
    )

    assert queries_to_index(four) == queries_to_index(one)
    insert_or_update_object(four)
    assert found(client, "Wrackline") == ["Hosted by many"]


def test_hosts_held_in_memory_are_indexed_as_they_are(demo):
    """An unsaved form's inline rows live in memory (modelcluster); fetching the
    relations for the index must not replace them with the rows in the database."""
    day = ProgrammeDayPageFactory(parent=CampaignYearPageFactory(parent=demo, year=2040))
    event = EventPageFactory(parent=day, hosts=[OrganisationFactory(name="Stored host")])
    event.hosts = [EventHost(organisation=OrganisationFactory(name="Host being edited"))]

    indexed = event.get_indexed_instance()

    assert [host.organisation.name for host in indexed.hosts.all()] == ["Host being edited"]


def test_a_post_without_authors_is_indexed(demo, client):
    blog = BlogIndexPageFactory(parent=CampaignYearPageFactory(parent=demo, year=2040))
    post = BlogPostPageFactory(parent=blog, title="Nobody's post about seaweed")
    assert not BlogPostAuthor.objects.filter(page=post).exists()
    insert_or_update_object(post)
    assert found(client, "seaweed") == ["Nobody's post about seaweed"]
