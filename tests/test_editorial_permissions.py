"""The permission matrix: each role asks the real admin URL with the real HTTP method for
each action. Allowed: the change is in the database. Refused: a redirect (to the login or
the dashboard, with Wagtail's "no permission" message) or a 403, and nothing changed."""

import datetime
from types import SimpleNamespace

import pytest

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, Site

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.models import Person
from editorial.roles import GUEST_UPLOADS_COLLECTION
from home.models import HomePage
from tests.admin_forms import add_page_url, day_form, edit_page_url, event_form, post_form, year_form
from tests.editorial_fixtures import MAKE_ROLE, blog_of_2017, draft_post
from tests.factories import png_file

User = get_user_model()
ROLES = ["anonymous", "guest_a", "guest_b", "moderator", "editor"]


@pytest.fixture(scope="module")
def people_and_drafts(django_db_setup, django_db_blocker):
    """Each signed-in role and a draft post it owns, made once for the module's 90 cases
    (made for each, they were most of its time): inside a transaction that is rolled
    back after the module's last case, each case's own changes rolled back to a
    savepoint within it, as every test's are. Primary keys only: each case reads its
    own objects."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = {role: make() for role, make in MAKE_ROLE.items()}
        drafts = {role: draft_post(blog_of_2017(), user, title=f"Draft by {role}") for role, user in users.items()}
        yield {role: user.pk for role, user in users.items()}, {role: draft.pk for role, draft in drafts.items()}
        transaction.set_rollback(True)


@pytest.fixture
def world(client, blog_index, people_and_drafts):
    """Everything the actions touch: each signed-in role owns a draft post."""
    user_pks, draft_pks = people_and_drafts
    users = {"anonymous": None} | {role: User.objects.get(pk=pk) for role, pk in user_pks.items()}
    return SimpleNamespace(
        client=client,
        users=users,
        drafts={role: BlogPostPage.objects.get(pk=pk) for role, pk in draft_pks.items()},
        blog_index=blog_index,
        home=HomePage.objects.get(),
        year=CampaignYearPage.objects.get(year=2017),
        day=ProgrammeDayPage.objects.get(date=datetime.date(2017, 11, 27)),
        live_post=BlogPostPage.objects.live().get(slug="should-we-evaluate-co-production"),
        author=Person.objects.order_by("pk").first(),
        root_collection=Collection.get_first_root_node(),
        guest_collection=Collection.objects.get(name=GUEST_UPLOADS_COLLECTION),
    )


def latest_title(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object().title


def someone_elses_draft(world, role):
    return world.drafts["guest_a" if role == "guest_b" else "guest_b"]


def own_draft(world, role):
    return world.drafts.get(role, world.drafts["guest_a"])


def post_data(world, role, page=None, **fields):
    """The editor's form: staff also see the authors panel, which needs one author."""
    authors = [] if role.startswith("guest") else [world.author.pk]
    if page is not None:
        fields = {"title": page.title, "slug": page.slug, **fields}
    return post_form(authors, **fields)


# --- The actions: each returns (response, whether the change happened) --------------------
def view_the_admin(world, role):
    response = world.client.get(reverse("wagtailadmin_home"))
    return response, response.status_code == 200


def create_a_post(world, role):
    response = world.client.post(
        add_page_url(BlogPostPage, world.blog_index), post_data(world, role, title="Created in the matrix")
    )
    return response, BlogPostPage.objects.filter(title="Created in the matrix").exists()


def edit_own_draft(world, role):
    draft = own_draft(world, role)
    response = world.client.post(edit_page_url(draft), post_data(world, role, draft, title="Edited by its owner"))
    return response, latest_title(draft) == "Edited by its owner"


def edit_anothers_draft(world, role):
    draft = someone_elses_draft(world, role)
    response = world.client.post(edit_page_url(draft), post_data(world, role, draft, title="Edited by someone else"))
    return response, latest_title(draft) == "Edited by someone else"


def publish(world, role):
    draft = own_draft(world, role)
    data = post_data(world, role, draft, **{"action-publish": "action-publish"})
    response = world.client.post(edit_page_url(draft), data)
    return response, Page.objects.get(pk=draft.pk).live


def schedule(world, role):
    draft = own_draft(world, role)
    go_live = (timezone.localtime() + datetime.timedelta(days=30)).strftime("%d/%m/%Y 09:00")
    data = post_data(world, role, draft, go_live_at=go_live, **{"action-publish": "action-publish"})
    response = world.client.post(edit_page_url(draft), data)
    page = Page.objects.get(pk=draft.pk)
    scheduled = Revision.page_revisions.filter(object_id=str(draft.pk), approved_go_live_at__isnull=False).exists()
    return response, scheduled or page.specific.get_latest_revision_as_object().go_live_at is not None


def unpublish(world, role):
    response = world.client.post(reverse("wagtailadmin_pages:unpublish", args=[world.live_post.pk]))
    return response, not Page.objects.get(pk=world.live_post.pk).live


def delete(world, role):
    response = world.client.post(reverse("wagtailadmin_pages:delete", args=[world.live_post.pk]))
    return response, not Page.objects.filter(pk=world.live_post.pk).exists()


def create_a_year(world, role):
    response = world.client.post(add_page_url(CampaignYearPage, world.home), year_form())
    return response, CampaignYearPage.objects.filter(year=2031).exists()


def create_a_day(world, role):
    response = world.client.post(add_page_url(ProgrammeDayPage, world.year), day_form(date="2017-12-02"))
    return response, ProgrammeDayPage.objects.filter(date=datetime.date(2017, 12, 2)).exists()


def create_an_event(world, role):
    response = world.client.post(add_page_url(EventPage, world.day), event_form(title="Matrix gathering"))
    return response, EventPage.objects.filter(title="Matrix gathering").exists()


def upload_image(world, collection):
    title = f"Upload to {collection.name}"
    data = {"title": title, "file": png_file(), "collection": collection.pk, "tags": "", "description": ""}
    response = world.client.post(reverse("wagtailimages:add"), data)
    return response, get_image_model().objects.filter(title=title, collection=collection).exists()


def open_settings(world, role):
    site = Site.objects.get(is_default_site=True)
    response = world.client.get(reverse("wagtailsettings:edit", args=["core", "sitesettings", site.pk]))
    return response, response.status_code == 200


def open_snippets(world, role):
    response = world.client.get(reverse("wagtailsnippets_core_person:list"))
    return response, response.status_code == 200


def add_a_person(world, role):
    response = world.client.post(reverse("wagtailsnippets_core_person:add"), {"name": "Matrix Person", "slug": ""})
    return response, Person.objects.filter(name="Matrix Person").exists()


def open_users(world, role):
    response = world.client.get(reverse("wagtailusers_users:index"))
    return response, response.status_code == 200


def open_reports(world, role):
    response = world.client.get(reverse("wagtailadmin_reports:page_types_usage"))
    return response, response.status_code == 200


def upload_to_guest_uploads(world, role):
    return upload_image(world, world.guest_collection)


def upload_to_root_collection(world, role):
    return upload_image(world, world.root_collection)


# Outcomes for: anonymous, guest blogger A, guest blogger B, moderator, editor (A allowed, R refused).
MATRIX = [
    (view_the_admin, "R A A A A"),
    (create_a_post, "R A A A A"),
    (edit_own_draft, "R A A A A"),
    (edit_anothers_draft, "R R R A A"),
    (publish, "R R R A A"),
    (schedule, "R R R A A"),
    (unpublish, "R R R A A"),
    (delete, "R R R A A"),
    (create_a_year, "R R R R A"),
    (create_a_day, "R R R R A"),
    (create_an_event, "R R R A A"),
    (upload_to_guest_uploads, "R A A A A"),
    (upload_to_root_collection, "R R R A A"),
    (open_settings, "R R R R A"),
    (open_snippets, "R R R A A"),
    (add_a_person, "R R R R A"),
    (open_users, "R R R R R"),
    (open_reports, "R R R A A"),
]
CASES = [
    pytest.param(action, role, outcome == "A", id=f"{action.__name__}-{role}")
    for action, outcomes in MATRIX
    for role, outcome in zip(ROLES, outcomes.split(), strict=True)
]


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_permission_matrix(world, action, role, allowed):
    if world.users[role] is not None:
        world.client.force_login(world.users[role])
    response, changed = action(world, role)
    what = action.__name__.replace("_", " ")
    if allowed:
        assert changed, f"{role} should be able to {what} (HTTP {response.status_code})"
        return
    assert not changed, f"{role} must not be able to {what}"
    if response.status_code == 200:
        # A form shown again with its error: the choice offered was not theirs to make.
        assert "Select a valid choice" in response.content.decode(), f"{role}: refused without saying why"
    else:
        assert response.status_code in (302, 403), response.status_code
        if response.status_code == 302 and world.users[role] is None:
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
