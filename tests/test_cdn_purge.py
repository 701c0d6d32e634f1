"""A CDN in front of the site is purged of a changed page and of the pages and feeds that
list it, once the change is committed (core/cdn.py). The CDN here is a real HTTP server
answering PURGE requests as Varnish does, reached through Wagtail's own HTTP backend."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.models import Site

from blog.models import BlogIndexPage, BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core import cdn as cdn_module
from core.cdn import numbered_pages
from core.models import Organisation, Person
from ops.server import free_port
from resources.models import ResourceIndexPage
from tests.admin_forms import add_page_url, post_form
from tests.factories import (
    BlogPostPageFactory,
    DocumentFactory,
    ImageFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
)


class PurgeLog(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    """Addresses purged, in the order they were asked for."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeLog)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield server.purged
    server.shutdown()
    server.server_close()


def paths(purged) -> list[str]:
    return [path for _host, path in purged]


def test_a_published_post_is_purged_with_every_page_and_feed_that_lists_it(
    demo, cdn, django_capture_on_commit_callbacks
):
    blog = BlogIndexPage.objects.get(url_path="/home/2017/blog/")
    author = PersonFactory(name="Morag Purge")
    post = BlogPostPageFactory.build(title="Fresh from the week", slug="fresh-from-the-week")
    post.release_date = ProgrammeDayPage.objects.live().filter(date__year=2017).order_by("date").first().date
    blog.add_child(instance=post)
    post.authors.create(person=author)
    post.save_revision()

    with django_capture_on_commit_callbacks(execute=False) as commit:
        post.get_latest_revision().publish()
    # Wagtail's own app purges the post itself straight away; the pages listing it wait
    # for the commit, so the CDN cannot fetch them again before the post is there.
    assert paths(cdn) == ["/2017/blog/fresh-from-the-week/"]
    for callback in commit:
        callback()

    purged = paths(cdn)
    day = ProgrammeDayPage.objects.get(date=post.release_date)
    pages_of_posts = -(-blog.posts().count() // 12)
    assert {
        "/",
        "/2017/",
        "/2017/blog/",
        *(f"/2017/blog/?page={n}" for n in range(2, pages_of_posts + 2)),
        day.url,
        "/2017/calendar/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/2017/rss/",
        "/feeds/2017/atom/",
        "/people/",
        f"/people/{author.slug}/",
        "/calendar/2017.ics",
    } <= set(purged)
    # Nothing of another year, and each address once.
    assert not [path for path in purged if "2018" in path]
    assert len(purged) == len(set(purged))
    site = Site.objects.get(is_default_site=True)
    assert {host for host, _path in cdn} == {site.hostname if site.port == 80 else f"{site.hostname}:{site.port}"}


def test_an_editor_publishing_in_the_admin_purges_the_blog_and_feeds(
    demo, cdn, admin_client, django_capture_on_commit_callbacks
):
    blog = BlogIndexPage.objects.get(url_path="/home/2017/blog/")
    author = PersonFactory(name="Ailsa Editor")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            add_page_url(BlogPostPage, blog),
            post_form(author_ids=[author.pk], title="Sent from the page editor", **{"action-publish": "publish"}),
        )
    assert response.status_code == 302
    assert BlogPostPage.objects.live().filter(title="Sent from the page editor").exists()
    assert {"/2017/blog/sent-from-the-page-editor/", "/2017/blog/", "/feeds/rss/", f"/people/{author.slug}/"} <= set(
        paths(cdn)
    )


def test_unpublishing_a_day_sends_its_events_lists_once(demo, cdn, admin_user, django_capture_on_commit_callbacks):
    day = ProgrammeDayPage.objects.live().filter(date__year=2017, numchild__gt=1).first()
    events = list(EventPage.objects.child_of(day).live())
    with django_capture_on_commit_callbacks(execute=True):
        UnpublishPageAction(day, user=admin_user, include_descendants=True).execute()
    purged = paths(cdn)
    assert {event.url for event in events} <= set(purged)
    # One batch for all of them, not one per event.
    assert purged.count("/2017/calendar/") == 1
    assert {f"/calendar/events/{event.pk}.ics" for event in events} <= set(purged)


def test_the_lists_around_a_section_are_worked_out_once_per_batch(
    demo, cdn, admin_user, monkeypatch, django_capture_on_commit_callbacks
):
    day = ProgrammeDayPage.objects.live().filter(date__year=2017, numchild__gt=1).first()
    worked_out = []
    real = cdn_module.lists_around

    def counted(section, **kwargs):
        worked_out.append(section.pk)
        return real(section, **kwargs)

    monkeypatch.setattr(cdn_module, "lists_around", counted)
    with django_capture_on_commit_callbacks(execute=True):
        UnpublishPageAction(day, user=admin_user, include_descendants=True).execute()
    # Around the year (for the day) and around the day (for all of its events).
    assert sorted(worked_out) == sorted([day.get_parent().pk, day.pk])


def test_a_moved_event_is_purged_at_its_old_and_new_address_and_both_days(
    demo, cdn, django_capture_on_commit_callbacks
):
    year = CampaignYearPage.objects.get(year=2017)
    event = EventPage.objects.live().descendant_of(year).first()
    old_day = event.get_parent().specific
    old_url = event.url
    new_day = ProgrammeDayPageFactory(parent=year, date=year.end_date, slug="a-new-day")
    with django_capture_on_commit_callbacks(execute=True):
        event.move(new_day, pos="last-child")
    event.refresh_from_db()
    purged = set(paths(cdn))
    assert {old_url, event.url, old_day.url, new_day.url, old_day.feed_url, new_day.feed_url} <= purged
    assert old_url != event.url


def test_a_new_slug_purges_the_old_address_of_every_page_below(demo, cdn, django_capture_on_commit_callbacks):
    blog = BlogIndexPage.objects.get(url_path="/home/2017/blog/")
    old_urls = {post.url for post in blog.posts()}
    blog.slug = "news"
    with django_capture_on_commit_callbacks(execute=True):
        blog.save_revision().publish()
    purged = set(paths(cdn))
    assert old_urls <= purged
    assert {"/2017/blog/", "/2017/news/", "/2017/"} <= purged


def test_deleting_an_event_purges_the_lists_that_showed_it(demo, cdn, django_capture_on_commit_callbacks):
    event = EventPage.objects.live().filter(date__year=2017).first()
    day_url, url = event.get_parent().url, event.url
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert {url, day_url, "/2017/calendar/", "/2017/", "/calendar/2017.ics", "/calendar/upcoming.ics"} <= set(
        paths(cdn)
    )


def test_renaming_an_author_purges_their_posts_their_page_and_the_lists(demo, cdn, django_capture_on_commit_callbacks):
    person = Person.objects.get(name="Gerry Power")
    posts = list(BlogPostPage.objects.live().filter(authors__person=person))
    assert posts
    person.name = "Gerry Power-Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    purged = set(paths(cdn))
    assert {post.url for post in posts} <= purged
    assert {f"/people/{person.slug}/", "/people/", "/2017/blog/", "/feeds/rss/"} <= purged


def test_renaming_a_host_purges_its_events_and_their_days(demo, cdn, django_capture_on_commit_callbacks):
    event = EventPage.objects.live().filter(hosts__isnull=False).first()
    organisation = Organisation.objects.get(pk=event.hosts.first().organisation_id)
    organisation.name = "A renamed host organisation"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert {event.url, event.get_parent().url, "/2017/calendar/", f"/calendar/events/{event.pk}.ics"} <= set(paths(cdn))


def test_a_new_person_purges_nothing(demo, cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PersonFactory(name="Nobody Yet")
    assert cdn == []


def publish_with(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_a_pictures_new_alt_text_purges_the_pages_that_show_it_and_their_lists(
    demo, cdn, django_capture_on_commit_callbacks
):
    event = EventPage.objects.live().filter(date__year=2017).first()
    unused = EventPage.objects.live().filter(date__year=2017).exclude(pk=event.pk).last()
    with django_capture_on_commit_callbacks(execute=True):
        publish_with(event, image=ImageFactory(title="Delegates at the forum"))
    cdn.clear()

    image = event.image
    image.title = "Almost 200 delegates in the forum's main hall"
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    purged = set(paths(cdn))
    assert {
        event.url,
        event.get_parent().url,
        "/2017/",
        "/2017/calendar/",
        f"/calendar/events/{event.pk}.ics",
    } <= purged
    # Only the pages around it: another event's own page is not among them.
    assert unused.url not in purged
    assert not [path for path in purged if "2018" in path]


def test_a_persons_new_photo_file_purges_their_posts(demo, cdn, django_capture_on_commit_callbacks):
    person = Person.objects.get(name="Gerry Power")
    person.photo = ImageFactory(title="Gerry Power")
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    cdn.clear()

    photo = person.photo
    photo.file = ImageFactory.build(file__filename="gerry-2018.png").file
    with django_capture_on_commit_callbacks(execute=True):
        photo.save()
    purged = set(paths(cdn))
    assert {post.url for post in BlogPostPage.objects.live().filter(authors__person=person)} <= purged
    assert f"/people/{person.slug}/" in purged


def test_a_document_a_resource_offers_purges_the_resources_page_when_edited(
    demo, cdn, django_capture_on_commit_callbacks
):
    resources = ResourceIndexPage.objects.get(url_path="/home/2017/resources/")
    document = DocumentFactory(title="Created By Conversation: the report")
    resources.resources.create(title="The report", kind="report", document=document)
    with django_capture_on_commit_callbacks(execute=True):
        resources.save_revision().publish()
    cdn.clear()

    document.title = "Created By Conversation: the full report"
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    assert {"/2017/resources/", "/2017/"} <= set(paths(cdn))


@pytest.fixture
def post_with_a_picture(demo, cdn, django_capture_on_commit_callbacks):
    """A live post with a feature image, published; the CDN's log emptied after."""
    post = BlogPostPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        publish_with(post, feature_image=ImageFactory(title="Feature"))
    cdn.clear()
    return post


def test_deleting_a_posts_feature_image_purges_the_post(post_with_a_picture, cdn, django_capture_on_commit_callbacks):
    post = post_with_a_picture
    with django_capture_on_commit_callbacks(execute=True):
        post.feature_image.delete()
    assert {post.url, post.get_parent().url} <= set(paths(cdn))


def test_uploading_a_picture_or_recording_its_size_purges_nothing(
    post_with_a_picture, cdn, django_capture_on_commit_callbacks
):
    post = post_with_a_picture
    with django_capture_on_commit_callbacks(execute=True):
        ImageFactory(title="Uploaded for next week")
        post.feature_image.file_size = 1234
        post.feature_image.save(update_fields=["file_size"])
    assert cdn == []


def test_a_cdn_that_cannot_be_reached_does_not_stop_publishing(
    demo, settings, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{free_port()}",
        }
    }
    post = BlogPostPage.objects.live().first()
    post.title = "Published while the CDN was down"
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    post.refresh_from_db()
    assert post.live
    assert post.title == "Published while the CDN was down"
    assert "Couldn't purge" in caplog.text


def test_without_a_cdn_nothing_is_purged(demo, django_capture_on_commit_callbacks, settings):
    settings.WAGTAILFRONTENDCACHE = {}
    post = BlogPostPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=False) as commit:
        post.save_revision().publish()
    assert cdn_module.pending.send not in commit
    assert not cdn_module.pending.urls


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, ["/?page=2"]), (12, ["/?page=2"]), (13, ["/?page=2", "/?page=3"]), (25, ["/?page=2", "/?page=3", "/?page=4"])],
)
def test_a_listings_numbered_pages_reach_one_past_the_last(count, expected):
    assert numbered_pages(count, 12) == expected
