"""What each process keeps until content changes (core/in_process.py): the page at an
address, its year and breadcrumbs, which events and posts a listing shows. A page
viewed again costs (nearly) no queries, and every edit is on the next view."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import BlogPostPage
from campaign.models import EventPage
from core.in_process import PerGeneration, own_copy
from core.page_cache import purge_all
from tests.factories import EventPageFactory, ImageFactory
from tests.responses import html_of

# Every request is rendered: what is kept in the process is what is tested.
pytestmark = pytest.mark.usefixtures("page_cache_off")


def queries_of(client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        html_of(client, path)
    return [query["sql"] for query in queries.captured_queries]


# --- The kept answers themselves ---------------------------------------------------------
def test_an_answer_is_computed_once_per_content_generation(db):
    kept, calls = PerGeneration("test:once"), []

    def compute():
        calls.append(1)
        return len(calls)

    assert kept.get("key", compute) == 1
    assert kept.get("key", compute) == 1
    purge_all()
    assert kept.get("key", compute) == 2
    assert len(calls) == 2


def test_a_full_dictionary_starts_again_rather_than_growing(db):
    kept = PerGeneration("test:bounded", max_entries=3)
    for key in range(10):
        kept.get(key, lambda key=key: key)
    assert len(kept._values) <= 3
    assert kept.get(9, lambda: "computed again") == 9


def test_each_caller_gets_its_own_copy_of_a_kept_page(demo):
    kept = PerGeneration("test:copies")
    first = kept.get_copy("event", lambda: EventPage.objects.live().first())
    first.title = "Changed by one request"
    second = kept.get_copy("event", lambda: pytest.fail("computed twice"))
    assert second.title != "Changed by one request"
    assert second.pk == first.pk


# --- Pages viewed again --------------------------------------------------------------------
@pytest.fixture
def pages(demo):
    event = EventPage.objects.live().filter(date__year=2017, hosts__isnull=False).first()
    post = BlogPostPage.objects.live().filter(tagged_items__isnull=False).first()
    return {
        "event": event.url,
        "day": event.get_parent().url,
        "post": post.url,
        "blog": "/2017/blog/",
        "calendar": "/2017/calendar/?kind=workshop",
    }


def test_a_page_viewed_again_asks_the_database_nothing_about_where_it_is(client, pages):
    for name, path in pages.items():
        html_of(client, path)
        again = queries_of(client, path)
        # Its address, its page, its year, its breadcrumbs, its listing's ids: none of
        # them asked for again (the page's own inline rows may be).
        assert not [sql for sql in again if '"wagtailcore_page"."url_path"' in sql], name
        assert len(again) <= 2, (name, again)


def test_a_published_change_is_on_the_next_view_of_every_page_that_shows_it(client, pages):
    for path in pages.values():
        html_of(client, path)
    event = EventPage.objects.get(url_path__endswith=pages["event"].removeprefix("/"))
    event.title = "A renamed event about power"
    event.save_revision().publish()
    assert "A renamed event about power" in html_of(client, pages["event"])
    assert "A renamed event about power" in html_of(client, pages["day"])


def test_a_new_event_is_listed_on_its_day_and_a_moved_page_found_at_its_new_address(client, pages):
    day = EventPage.objects.get(url_path__endswith=pages["event"].removeprefix("/")).get_parent().specific
    html_of(client, pages["day"])
    EventPageFactory(parent=day, title="Freshly added kelpie walk")
    assert "Freshly added kelpie walk" in html_of(client, pages["day"])

    post = BlogPostPage.objects.get(url_path__endswith=pages["post"].removeprefix("/"))
    post.slug = "a-new-address"
    post.save_revision().publish()
    assert client.get(pages["post"]).status_code == 404
    assert html_of(client, pages["post"].rsplit("/", 2)[0] + "/a-new-address/")


def test_a_link_in_rich_text_follows_the_page_it_links_to(client, home_page, pages):
    post = BlogPostPage.objects.get(url_path__endswith=pages["post"].removeprefix("/"))
    home_page.intro = f'<p>Read <a linktype="page" id="{post.pk}">our latest post</a>.</p>'
    home_page.save_revision().publish()
    assert f'<a href="{post.url}">our latest post</a>' in html_of(client, "/")
    assert not queries_of(client, "/")  # the linked page is kept

    post.slug = "moved-on"
    post.save_revision().publish()
    post.refresh_from_db()
    assert post.url.endswith("/moved-on/")
    assert f'<a href="{post.url}">our latest post</a>' in html_of(client, "/")

    post.delete()
    assert "<a>our latest post</a>" in html_of(client, "/")


def test_a_copy_of_a_kept_page_is_its_own_as_copy_copy_makes_it(demo):
    original = EventPage.objects.live().select_related("locale").first()
    copied = own_copy(original)
    assert type(copied) is type(original)
    assert copied.pk == original.pk
    assert copied.title == original.title
    assert copied.locale is original.locale  # the related row fetched with it comes along
    assert copied._state is not original._state
    assert copied._state.db == original._state.db
    assert copied._state.adding is False
    copied.title = "Changed on the copy"
    copied._state.fields_cache["locale"] = None
    assert original.title != "Changed on the copy"
    assert original.locale is not None


# --- Addresses of pages ----------------------------------------------------------------------
def test_a_pages_address_is_worked_out_once_until_content_changes(demo, monkeypatch):
    import wagtail.models.pages

    reversed_paths = []
    reverse = wagtail.models.pages.reverse

    def counting_reverse(*args, **kwargs):
        reversed_paths.append(args)
        return reverse(*args, **kwargs)

    monkeypatch.setattr(wagtail.models.pages, "reverse", counting_reverse)
    event = EventPage.objects.live().first()
    url = event.url
    assert EventPage.objects.get(pk=event.pk).url == url
    assert len(reversed_paths) == 1
    purge_all()
    assert EventPage.objects.get(pk=event.pk).url == url
    assert len(reversed_paths) == 2


def test_a_pages_address_follows_the_scripts_prefix(demo):
    from django.urls import set_script_prefix

    event = EventPage.objects.live().first()
    plain = event.get_url_parts()[2]
    set_script_prefix("/mounted/")
    try:
        assert event.get_url_parts()[2] == f"/mounted{plain}"
    finally:
        set_script_prefix("/")
    assert event.get_url_parts()[2] == plain


def test_links_to_a_page_follow_it_to_a_new_address(client, pages):
    event = EventPage.objects.get(url_path__endswith=pages["event"].removeprefix("/"))
    assert f'href="{event.url}"' in html_of(client, pages["day"])
    event.slug = "a-renamed-walk"
    event.save_revision().publish()
    event.refresh_from_db()
    assert event.url.endswith("/a-renamed-walk/")
    assert f'href="{event.url}"' in html_of(client, pages["day"])
    assert f'href="{event.url}"' in html_of(client, "/2017/calendar/")


def test_a_pages_full_address_follows_a_change_to_its_site(demo):
    from wagtail.models import Site

    event = EventPage.objects.live().first()
    site = Site.objects.get(is_default_site=True)
    assert event.get_full_url().startswith(site.root_url)
    site.hostname, site.port = "coproweek.example", 443
    site.save()
    assert EventPage.objects.get(pk=event.pk).get_full_url().startswith("https://coproweek.example/")


def test_a_picture_viewed_again_is_not_written_back_to_the_rendition_cache(client, demo, monkeypatch):
    from wagtail.images import get_image_model

    event = EventPage.objects.live().first()
    event.image = ImageFactory()
    event.save_revision().publish()
    first = html_of(client, event.url)
    assert "<img" in first
    rendition_cache = get_image_model().get_rendition_model().cache_backend
    writes = []
    monkeypatch.setattr(rendition_cache, "set", lambda *args, **kwargs: writes.append(args))
    monkeypatch.setattr(rendition_cache, "set_many", lambda *args, **kwargs: writes.append(args))
    with CaptureQueriesContext(connection) as queries:
        again = html_of(client, event.url)
    assert again == first
    assert not writes
    assert not queries.captured_queries


def test_a_preview_shows_the_drafts_own_calendar_links(client, demo):
    from urllib.parse import urlparse

    event = EventPage.objects.live().first()
    # The published event's links, now kept for the host a preview is made for.
    assert client.get(event.url, HTTP_HOST=urlparse(event.full_url).netloc).status_code == 200
    # As the editor's preview panel shows a form's changes before anything is saved.
    event.title = "Kelpie spotting for beginners"
    preview = event.make_preview_request().content.decode()
    assert "text=Kelpie+spotting+for+beginners" in preview
    assert "Kelpie spotting for beginners" not in html_of(client, event.url)
