"""The full-page cache: anonymous readers get public pages from it, without SQL; every
content change a page shows reaches the next reader; forms and signed-in editors are
never served from it."""

import gzip
import re

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page, Site

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.models import Organisation, Person, SiteSettings
from core.page_cache import HIT_HEADER
from resources.models import BrandingMaterial, ResourceIndexPage
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    DocumentFactory,
    EventPageFactory,
    ImageFactory,
    ProgrammeDayPageFactory,
    png_file,
)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response, response.content.decode()


def rendition_urls(html: str) -> list[str]:
    return re.findall(r"/media/images/[^\s\"',]+", html.split("<main", 1)[1])


def test_a_second_anonymous_visit_is_served_from_the_cache_without_sql(demo, client):
    first = client.get("/2017/")
    assert first[HIT_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/2017/")
    assert second[HIT_HEADER] == "hit"
    assert len(queries) == 0
    assert second.content == first.content


def test_cached_pages_tell_a_cdn_how_long_to_keep_them(demo, client):
    response = client.get("/2017/blog/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=300" in cache_control
    assert "stale-while-revalidate=60" in cache_control
    assert "max-age=0" in cache_control


def test_publishing_a_change_reaches_every_page_that_shows_it(demo, client):
    event = EventPage.objects.live().filter(date__year=2017).first()
    day = event.get_parent()
    get(client, event.url)
    get(client, day.url)
    get(client, "/2017/calendar/")

    event.title = "A renamed event about power"
    revision = event.save_revision()
    revision.publish()

    for path in (event.url, day.url, "/2017/calendar/"):
        response, html = get(client, path)
        assert response[HIT_HEADER] == "miss", path
        assert "A renamed event about power" in html, path


def test_a_page_kept_while_a_change_was_being_committed_is_not_served_after_it(
    demo, client, django_capture_on_commit_callbacks
):
    """Publishing bumps the generation before its transaction commits. A visitor in
    between gets the new generation but, from the database, the page as it was; what
    their request keeps must not outlive the commit."""
    event = EventPage.objects.live().filter(date__year=2017).first()
    old_title = event.title
    with django_capture_on_commit_callbacks() as commit:
        event.title = "A renamed event about power"
        event.save_revision().publish()
        # The visitor's connection still reads the row as it was before the commit.
        Page.objects.filter(pk=event.pk).update(title=old_title)
        _, html = get(client, event.url)
        assert old_title in html
        Page.objects.filter(pk=event.pk).update(title="A renamed event about power")
    for callback in commit:  # the commit
        callback()
    response, html = get(client, event.url)
    assert "A renamed event about power" in html
    assert response[HIT_HEADER] == "miss"


def test_a_new_page_appears_in_cached_listings(demo, client):
    day = ProgrammeDayPage.objects.live().filter(date__year=2017).first()
    get(client, day.url)
    EventPageFactory(parent=day, title="Freshly added kelpie walk")
    _, html = get(client, day.url)
    assert "Freshly added kelpie walk" in html


def test_unpublishing_and_deleting_take_pages_out_at_once(demo, client):
    post = BlogPostPage.objects.live().first()
    get(client, post.url)
    get(client, "/2017/blog/")
    post.unpublish()
    assert client.get(post.url).status_code == 404
    assert post.title not in get(client, "/2017/blog/")[1]

    event = EventPage.objects.live().first()
    get(client, event.url)
    url = event.url
    event.delete()
    assert client.get(url).status_code == 404


def test_moving_a_page_moves_it_in_cached_pages(demo, client):
    year = CampaignYearPage.objects.get(year=2017)
    event = EventPage.objects.live().descendant_of(year).first()
    old_day = event.get_parent()
    new_day = ProgrammeDayPageFactory(parent=year, date=year.end_date, slug="a-new-day")
    get(client, old_day.url)
    old_url = event.url
    get(client, old_url)
    event.move(new_day, pos="last-child")
    # The old address now sends readers on (a redirect the site keeps on moves).
    assert client.get(old_url).status_code in (301, 404)
    assert event.title not in get(client, old_day.url)[1]
    assert event.title in get(client, new_day.url)[1]


def test_editing_a_person_or_an_organisation_reaches_the_pages_that_name_them(demo, client):
    post = BlogPostPage.objects.live().filter(authors__person__name="Gerry Power").first()
    get(client, post.url)
    person = Person.objects.get(name="Gerry Power")
    person.name = "Gerry Power-Renamed"
    person.save()
    assert "Gerry Power-Renamed" in get(client, post.url)[1]

    event = EventPage.objects.live().filter(hosts__isnull=False).first()
    get(client, event.url)
    organisation = Organisation.objects.get(pk=event.hosts.first().organisation_id)
    organisation.name = "A renamed host organisation"
    organisation.save()
    assert "A renamed host organisation" in get(client, event.url)[1]


def test_editing_the_network_settings_reaches_the_footer(demo, client, home_page):
    get(client, "/about/")
    network = SiteSettings.for_site(home_page.get_site())
    network.host_organisation = "A newly named host"
    network.save()
    assert "A newly named host" in get(client, "/about/")[1]


def test_each_site_shows_its_own_network_settings(demo, client, home_page):
    """Two Wagtail sites (two addresses) with network settings of their own: the header
    and footer kept for one are never shown on the other."""
    first = home_page.get_site()
    second = Site.objects.create(hostname="second.example", port=80, root_page=home_page, site_name="Second")
    for site, name, hashtag in [(first, "First Network", "#FirstWeek"), (second, "Second Network", "#SecondWeek")]:
        network = SiteSettings.for_site(site)
        network.network_name, network.default_hashtag = name, hashtag
        network.save()
    on_first = client.get("/about/").content.decode()
    on_second = client.get("/about/", HTTP_HOST="second.example").content.decode()
    for shown in ("First Network", "#FirstWeek"):
        assert shown in on_first
        assert shown not in on_second
    for shown in ("Second Network", "#SecondWeek"):
        assert shown in on_second


def test_a_new_file_for_a_document_reaches_the_pages_that_offer_it(demo, admin_client):
    """Wagtail serves a document only at the address with its current file name: a page
    kept with the old address would offer a download that is not found."""
    reader = Client()  # admin_client is the `client` fixture, signed in
    resources = ResourceIndexPage.objects.live().first()
    document = DocumentFactory(title="Logo pack")
    BrandingMaterial.objects.create(page=resources, title="Logo pack", document=document)
    resources.save_revision().publish()
    assert document.url in get(reader, resources.url)[1]

    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Logo pack",
            "collection": document.collection_id,
            "tags": "",
            "file": SimpleUploadedFile("logos-2018.pdf", b"%PDF-1.4 the new logos", "application/pdf"),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert "logos-2018" in document.url
    assert document.url in get(reader, resources.url)[1]
    assert reader.get(document.url).status_code == 200


def test_a_new_file_for_a_picture_reaches_the_pages_that_show_it(demo, admin_client):
    """A new file gets renditions of its own (Wagtail removes the old ones)."""
    reader = Client()
    post = BlogPostPage.objects.live().first()
    post.feature_image = image = ImageFactory(title="Workshop")
    post.save_revision().publish()
    old = rendition_urls(get(reader, post.url)[1])
    assert old

    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Workshop",
            "collection": image.collection_id,
            "tags": "",
            "description": "",
            "file": png_file("workshop-2018.png", size=(1200, 800)),
        },
    )
    assert response.status_code == 302
    new = rendition_urls(get(reader, post.url)[1])
    assert new
    assert not set(new) & set(old)
    assert all("workshop-2018" in url for url in new)


def test_uploading_pictures_and_documents_leaves_cached_pages_alone(demo):
    """No page shows a file before a page is published with it, which purges then."""
    reader = Client()
    get(reader, "/2017/")
    assert get(reader, "/2017/")[0][HIT_HEADER] == "hit"
    ImageFactory(title="One of a week's photos")
    DocumentFactory(title="A poster")
    assert get(reader, "/2017/")[0][HIT_HEADER] == "hit"


def test_form_pages_are_never_shared_and_csrf_keeps_working(event_form):
    client = Client(enforce_csrf_checks=True)
    first = client.get(event_form.url)
    second = client.get(event_form.url)
    assert HIT_HEADER not in second
    assert "private" in second["Cache-Control"]
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert "csrftoken" in first.cookies
    # The token the page gave is accepted: a post with it is not refused as forged.
    token = first.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    sent = client.post(event_form.url, {"csrfmiddlewaretoken": token, "title": ""})
    assert sent.status_code != 403


@pytest.mark.parametrize("path", ["/2017/", "/calendar/2017.ics"])
def test_cached_pages_go_compressed_to_clients_that_accept_it(demo, client, path):
    plain_miss = client.get(path)
    compressed_hit = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    plain_hit = client.get(path)
    assert compressed_hit[HIT_HEADER] == plain_hit[HIT_HEADER] == "hit"
    assert compressed_hit["Content-Encoding"] == "gzip"
    assert int(compressed_hit["Content-Length"]) == len(compressed_hit.content) < len(plain_miss.content) / 2
    assert gzip.decompress(compressed_hit.content) == plain_miss.content == plain_hit.content
    assert not plain_hit.has_header("Content-Encoding")
    assert int(plain_hit["Content-Length"]) == len(plain_hit.content)
    # A CDN in front keeps the two apart.
    assert "Accept-Encoding" in compressed_hit["Vary"]
    assert "Accept-Encoding" in plain_hit["Vary"]


def test_the_first_visit_is_compressed_too(demo, client):
    response = client.get("/2017/blog/", headers={"Accept-Encoding": "gzip"})
    assert response[HIT_HEADER] == "miss"
    assert b"</html>" in gzip.decompress(response.content)


def test_pages_with_a_form_token_are_never_compressed(event_form):
    # Compressing a page that holds a secret next to text a visitor can choose lets an
    # attacker guess the secret from the sizes (BREACH).
    response = Client().get(event_form.url, headers={"Accept-Encoding": "gzip"})
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_links_with_trackers_are_served_from_the_page_without_them(demo, client):
    plain = client.get("/2017/blog/")
    assert plain[HIT_HEADER] == "miss"
    for clicked in ("?fbclid=IwAR0abc", "?fbclid=IwAR1xyz", "?utm_source=twitter&utm_medium=social", "?gclid=x&_ga=1"):
        response = client.get("/2017/blog/" + clicked)
        assert response[HIT_HEADER] == "hit", clicked
        assert response.content == plain.content


def test_trackers_written_with_escapes_are_dropped_too(demo, client):
    plain = client.get("/2017/blog/?tag=power")
    for clicked in ("&utm%5Fsource=x", "&%66bclid=IwAR2", "&utm_source=a+b"):
        response = client.get("/2017/blog/?tag=power" + clicked)
        assert response[HIT_HEADER] == "hit", clicked
        assert response.content == plain.content


def test_a_tracker_next_to_a_search_with_spaces_is_dropped(demo, client):
    plain = client.get("/search/?q=co+production")
    response = client.get("/search/?q=co+production&utm_medium=social")
    assert response[HIT_HEADER] == "hit"
    assert response.content == plain.content


def test_trackers_are_dropped_but_real_parameters_kept(demo, client):
    response, html = get(client, "/2017/blog/?utm_campaign=coproweek&tag=power&mc_cid=42")
    assert "3 posts tagged power." in re.sub(r"<[^>]+>", "", html)
    assert "utm_campaign" not in html
    assert "mc_cid" not in html
    assert client.get("/2017/blog/?tag=power")[HIT_HEADER] == "hit"


def test_pagination_never_passes_a_visitors_click_id_on(client, home_page):
    blog = BlogIndexPageFactory(parent=CampaignYearPageFactory(parent=home_page, year=2031))
    for number in range(15):
        BlogPostPageFactory(parent=blog, title=f"Post {number}")
    response, html = get(client, "/2031/blog/?fbclid=visitor-one-secret")
    assert 'href="?page=2" rel="next"' in html
    assert "visitor-one-secret" not in html


def test_more_trackers_can_be_named_in_settings(demo, client, settings):
    settings.PAGE_CACHE_IGNORED_PARAMETERS = ["ref_src", "partner_"]
    client.get("/2017/")
    assert client.get("/2017/?ref_src=twsrc&partner_id=7")[HIT_HEADER] == "hit"
    assert client.get("/2017/?partnerid=7")[HIT_HEADER] == "miss"


def test_signed_in_editors_never_get_or_fill_the_shared_cache(demo, client, admin_client):
    anonymous = Client()
    anonymous.get("/about/")
    assert anonymous.get("/about/")[HIT_HEADER] == "hit"
    response = admin_client.get("/about/")
    assert HIT_HEADER not in response
    assert "private" in response["Cache-Control"]


def test_the_cache_can_be_turned_off(demo, client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/about/")
    assert HIT_HEADER not in client.get("/about/")


def test_with_a_shared_cache_each_process_keeps_its_own_copies_until_content_changes(demo, client, settings):
    from django.core.cache import caches

    # As with Redis: a shared cache, and each process's own copies of what it fetched.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
        "local-pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mine"},
    }
    assert get(client, "/2017/")[0][HIT_HEADER] == "miss"
    generation = caches["default"].get("pagecache:generation")
    caches["default"].clear()
    caches["default"].set("pagecache:generation", generation, None)
    # Only the generation is asked of the shared cache: the page is this process's copy.
    response, html = get(client, "/2017/")
    assert response[HIT_HEADER] == "hit"
    event = EventPage.objects.live().filter(date__year=2017).first()
    event.title = "Renamed on another server"
    event.save_revision().publish()
    response, html = get(client, "/2017/")
    assert response[HIT_HEADER] == "miss"
    assert "Renamed on another server" in html
