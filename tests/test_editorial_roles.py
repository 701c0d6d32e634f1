"""What each role sees in the admin, and how the roles reach blog indexes and days created
after the data migration: a guest blogger sees their own drafts and nobody else's."""

import importlib
import re

import pytest

from django.apps import apps
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, GroupPagePermission, WorkflowPage

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage
from campaign.models import EventPage, ProgrammeDayPage
from core.models import Person
from editorial.roles import GUEST_BLOGGERS, GUEST_UPLOADS_COLLECTION
from tests.admin_forms import (
    add_page_url,
    day_form,
    edit_page_url,
    event_form,
    existing_authors,
    page_form,
    post_form,
)
from tests.factories import CampaignYearPageFactory, UserFactory, png_file

roles_migration = importlib.import_module("editorial.migrations.0002_editorial_roles")


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --- What a guest blogger sees ------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "explore_blog",
        "search",
        "sidebar_explorer",
        "page_chooser",
        "page_chooser_search",
    ],
)
def test_a_guest_sees_their_own_drafts_and_not_anothers(client, guest_a, moderator, draft_of_a, draft_of_b, url):
    blog = draft_of_a.get_parent()
    urls = {
        "explore_blog": reverse("wagtailadmin_explore", args=[blog.pk]),
        "search": reverse("wagtailadmin_pages:search") + "?q=draft",
        "sidebar_explorer": f"/admin/api/main/pages/?child_of={blog.pk}&for_explorer=1",
        "page_chooser": reverse("wagtailadmin_choose_page_child", args=[blog.pk]),
        "page_chooser_search": reverse("wagtailadmin_choose_page_search") + "?q=draft",
    }
    client.force_login(guest_a)
    seen_by_guest = html(client, urls[url])
    assert "draft about power" in seen_by_guest
    assert "secret draft" not in seen_by_guest

    client.force_login(moderator)
    assert "secret draft" in html(client, urls[url]), "reviewers see every draft"


def test_a_guest_cannot_open_anothers_draft_by_its_address(client, guest_a, draft_of_b):
    client.force_login(guest_a)
    for url in (
        reverse("wagtailadmin_explore", args=[draft_of_b.pk]),
        edit_page_url(draft_of_b),
        reverse("wagtailadmin_pages:history", args=[draft_of_b.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[draft_of_b.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")


def test_a_guest_sees_live_posts_in_the_chooser_to_link_to_them(client, guest_a, blog_index):
    client.force_login(guest_a)
    assert "Power on Power" in html(client, reverse("wagtailadmin_choose_page_child", args=[blog_index.pk]))


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/site-history/",
        "/admin/reports/page-types-usage/",
        "/admin/reports/workflow/",
        "/admin/reports/aging-pages/",
        "/admin/forms/",
        "/admin/snippets/choose/core/person/",
        "/admin/snippets/choose/core/organisation/",
        "/admin/snippets/core/person/",
        "/admin/settings/core/sitesettings/",
        "/admin/collections/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/preview_links/",
    ],
)
def test_a_guest_cannot_reach_staff_areas(client, guest_a, url):
    client.force_login(guest_a)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def menu_items(page_html):
    return re.findall(r'"name": "([a-z-]+)", "label"', page_html)


def test_the_guest_menu_and_dashboard(client, guest_a, draft_of_a, draft_of_b):
    client.force_login(guest_a)
    dashboard = html(client, reverse("wagtailadmin_home"))

    assert menu_items(dashboard) == [
        "explorer",
        "images",
        "help",
        "editor-guide",
        "keyboard-shortcuts-trigger",
        "account",
        "logout",
    ]
    assert "Your blog posts" in dashboard
    assert "draft about power" in dashboard
    assert "Not submitted for review yet." in dashboard
    assert "secret draft" not in dashboard
    assert "Site summary" not in dashboard
    assert reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", draft_of_a.get_parent().pk)) in dashboard


def test_staff_keep_wagtails_dashboard_and_menus(client, moderator, editor):
    client.force_login(moderator)
    dashboard = html(client, reverse("wagtailadmin_home"))
    assert "Your blog posts" not in dashboard
    assert "Site summary" in dashboard
    assert {"reports", "preview-links", "people"} <= set(menu_items(dashboard))
    assert "settings" not in menu_items(dashboard)
    client.force_login(editor)
    assert {"settings", "network-settings", "redirects"} <= set(menu_items(html(client, reverse("wagtailadmin_home"))))


def test_the_image_chooser_offers_guests_their_collection_only(client, guest_a, demo):
    Image = get_image_model()
    guest_uploads = Collection.objects.get(name=GUEST_UPLOADS_COLLECTION)
    Image.objects.create(title="In guest uploads", file=png_file(), collection=guest_uploads)
    Image.objects.create(title="In the root collection", file=png_file(), collection=Collection.get_first_root_node())
    client.force_login(guest_a)
    chooser = html(client, reverse("wagtailimages_chooser:choose"))
    assert "In guest uploads" in chooser
    assert "In the root collection" not in chooser
    root = Collection.get_first_root_node()
    listing = html(client, reverse("wagtailimages:index") + f"?collection_id={root.pk}")
    assert "In the root collection" not in listing


# --- The post form by role ------------------------------------------------------------------
def test_the_guest_post_form_has_no_authors_or_schedule(client, guest_a, editor, blog_index):
    url = add_page_url(BlogPostPage, blog_index)
    client.force_login(guest_a)
    form = html(client, url)
    assert "authors-TOTAL_FORMS" not in form
    assert 'name="go_live_at"' not in form

    client.force_login(editor)
    form = html(client, url)
    assert "authors-TOTAL_FORMS" in form
    assert 'name="go_live_at"' in form


def test_a_guest_cannot_credit_someone_else(client, guest_a, blog_index):
    someone = Person.objects.get(name="Gerry Power")
    client.force_login(guest_a)
    client.post(add_page_url(BlogPostPage, blog_index), post_form([someone.pk], title="Forged credit"))

    post = BlogPostPage.objects.get(title="Forged credit")
    assert [author.person for author in post.authors.all()] == [guest_a.person]


def test_a_guest_without_a_person_is_told_why_nothing_was_saved(client, blog_index):
    unlinked = UserFactory(username="unlinked", groups=[GUEST_BLOGGERS])
    client.force_login(unlinked)
    response = client.post(add_page_url(BlogPostPage, blog_index), post_form(title="Nobody's post"))

    assert "Your account is not linked to a person in People" in response.content.decode()
    assert not BlogPostPage.objects.filter(title="Nobody's post").exists()


def test_a_moderator_can_edit_a_guest_draft_and_keep_its_author(client, moderator, draft_of_a, guest_a):
    BlogPostAuthor.objects.create(page=draft_of_a, person=guest_a.person)
    draft_of_a = BlogPostPage.objects.get(pk=draft_of_a.pk)
    draft_of_a.save_revision(user=guest_a)
    client.force_login(moderator)
    data = post_form(title="Tidied by the moderator", slug=draft_of_a.slug, authors=existing_authors(draft_of_a))
    assert client.post(edit_page_url(draft_of_a), data).status_code == 302

    draft = BlogPostPage.objects.get(pk=draft_of_a.pk).get_latest_revision_as_object()
    assert draft.title == "Tidied by the moderator"
    assert [author.person for author in draft.authors.all()] == [guest_a.person]


# --- Sections created later, and the data migration ----------------------------------------
def test_a_new_years_blog_and_days_get_the_roles(client, editor, guest_a, moderator, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    client.force_login(editor)
    client.post(add_page_url(BlogIndexPage, year), page_form({"title": "Blog", "slug": "blog"}, rich=["intro"]))
    client.post(add_page_url(ProgrammeDayPage, year), day_form(date="2031-11-21"))
    blog = BlogIndexPage.objects.child_of(year).get()
    day = ProgrammeDayPage.objects.child_of(year).get()
    client.post(add_page_url(EventPage, day), event_form(title="A 2031 event"))
    event = EventPage.objects.child_of(day).get()

    assert WorkflowPage.objects.get(page=blog).workflow.name == "Editorial review"
    client.force_login(guest_a)
    assert client.post(add_page_url(BlogPostPage, blog), post_form(title="First post of 2031")).status_code == 302
    assert BlogPostPage.objects.child_of(blog).get().get_workflow().name == "Editorial review"

    client.force_login(moderator)
    data = event_form(title=event.title, slug=event.slug, **{"action-publish": "1"})
    client.post(edit_page_url(event), data)
    assert EventPage.objects.get(pk=event.pk).live, "moderators publish events on every day"


def test_the_data_migration_covers_existing_sections_and_is_idempotent(blog_index):
    GroupPagePermission.objects.filter(page=blog_index).delete()
    WorkflowPage.objects.filter(page=blog_index).delete()

    def grants():
        return sorted(
            GroupPagePermission.objects.filter(page=blog_index).values_list("group__name", "permission__codename")
        )

    roles_migration.create_roles(apps, schema_editor=None)
    after_first_run = grants()
    roles_migration.create_roles(apps, schema_editor=None)

    assert ("Guest bloggers", "add_page") in after_first_run
    assert ("Moderators", "publish_page") in after_first_run
    assert WorkflowPage.objects.get(page=blog_index).workflow.name == "Editorial review"
    assert grants() == after_first_run
