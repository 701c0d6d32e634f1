"""The tree an editor can build is the tree the design allows, and no other."""

import pytest

from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from home.models import HomePage, StandardPage
from resources.models import ResourceIndexPage
from tests.admin_forms import add_page_url, day_form

ALLOWED = {
    HomePage: {CampaignYearPage, StandardPage},
    CampaignYearPage: {ProgrammeDayPage, BlogIndexPage, StandardPage, ResourceIndexPage},
    ProgrammeDayPage: {EventPage},
    EventPage: set(),
    BlogIndexPage: {BlogPostPage},
    BlogPostPage: set(),
    StandardPage: {StandardPage},
    ResourceIndexPage: set(),
}


@pytest.mark.parametrize("parent", ALLOWED, ids=lambda m: m.__name__)
def test_allowed_children(parent):
    # Later features may add page types (forms, calendars); these must always be allowed
    # and nothing outside the design's page families.
    allowed = set(parent.allowed_subpage_models())
    assert ALLOWED[parent] <= allowed
    forbidden = set(ALLOWED) - ALLOWED[parent]
    assert not (allowed & forbidden), f"{parent.__name__} must not take {allowed & forbidden}"


def test_leaves_have_no_children():
    assert EventPage.allowed_subpage_models() == []
    assert BlogPostPage.allowed_subpage_models() == []


def test_one_home_page_and_one_blog_per_year(demo):
    home = HomePage.objects.get()
    root = Page.objects.get(depth=1)
    assert not HomePage.can_create_at(root)
    year = CampaignYearPage.objects.get(year=2017)
    assert not BlogIndexPage.can_create_at(year), "2017 already has its blog"
    assert BlogIndexPage.can_create_at(CampaignYearPage.objects.get(year=2018))
    assert CampaignYearPage.can_create_at(home)


@pytest.mark.parametrize(
    ("model", "parent_url"),
    [
        (EventPage, "/"),
        (EventPage, "/2017/"),
        (ProgrammeDayPage, "/"),
        (ProgrammeDayPage, "/2017/blog/"),
        (BlogPostPage, "/2017/"),
        (BlogPostPage, "/2017/monday-27-november/"),
        (CampaignYearPage, "/2017/"),
        (BlogIndexPage, "/"),
    ],
)
def test_admin_refuses_wrong_placement(admin_client, demo, model, parent_url):
    parent = Page.objects.get(url_path=f"/home{parent_url}")
    before = Page.objects.count()
    # Wagtail refuses by sending the editor back to the dashboard with a message.
    assert admin_client.get(add_page_url(model, parent)).status_code in (302, 403)
    response = admin_client.post(add_page_url(model, parent), day_form(date="2017-11-27"))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == "/admin/"
    assert Page.objects.count() == before
