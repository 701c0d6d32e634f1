"""Pages below a page are found as a range of tree paths (core/tree.py): the same pages
Wagtail's own `path__startswith` finds, and on SQLite through the path index instead of
a read of every page of the site, so a listing costs the same however many years the
site keeps."""

import pytest

from django.db import connection

from wagtail.models import Page

from blog.models import BlogPostPage
from campaign.models import EventPage
from core.privacy import private_q
from core.tree import descendants_q
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    EventPageFactory,
    ProgrammeDayPageFactory,
)


@pytest.fixture
def two_more_years(home_page):
    """Years side by side, each with a day of events and a blog: the range for one must
    stop where the next begins."""
    years = []
    for number in (2040, 2041):
        year = CampaignYearPageFactory(parent=home_page, year=number)
        day = ProgrammeDayPageFactory(parent=year)
        EventPageFactory(parent=day)
        EventPageFactory(parent=day)
        blog = BlogIndexPageFactory(parent=year)
        BlogPostPageFactory(parent=blog)
        years.append(year)
    return years


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_every_page_has_the_descendants_wagtail_finds(two_more_years):
    pages = list(Page.objects.all())
    assert len(pages) > 40
    for page in pages:
        starts_with = Page.objects.filter(path__startswith=page.path)
        assert ids(Page.objects.filter(descendants_q(page.path))) == ids(starts_with.exclude(pk=page.pk)), page
        assert ids(Page.objects.filter(descendants_q(page.path, inclusive=True))) == ids(starts_with), page


def test_every_page_knows_its_year_and_breadcrumbs_as_wagtail_finds_them(two_more_years):
    from campaign.models import CampaignYearPage

    pages = list(Page.objects.filter(depth__gt=1).specific())
    assert len(pages) > 40
    for page in pages:
        expected = CampaignYearPage.objects.ancestor_of(page, inclusive=True).first()
        assert page.campaign_year == expected, page
        wagtails = list(page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True))
        assert [crumb.pk for crumb in page.breadcrumbs] == wagtails, page
    assert any(page.depth >= 5 and page.campaign_year for page in pages)  # events, posts


def test_a_years_lists_hold_its_own_pages_and_none_of_the_next_years(two_more_years):
    first, second = two_more_years
    events = ids(EventPage.objects.descendant_of(first))
    assert len(events) == 2
    assert events == ids(Page.objects.filter(path__startswith=first.path).type(EventPage))
    assert not events & ids(EventPage.objects.descendant_of(second))
    blog = first.public_blog()
    assert ids(BlogPostPage.objects.child_of(blog)) == ids(blog.get_children())
    day = first.programme_days[0]
    assert ids(day.events()) == ids(day.get_children())


def test_a_private_section_is_hidden_with_everything_under_it(two_more_years):
    from wagtail.models import PageViewRestriction

    first, second = two_more_years
    PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    hidden = ids(Page.objects.filter(private_q()))
    assert hidden == ids(Page.objects.filter(path__startswith=first.path))
    assert not hidden & ids(Page.objects.filter(path__startswith=second.path))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's LIKE is what could not use the index")
def test_on_sqlite_listings_read_pages_through_the_path_index(two_more_years):
    year = two_more_years[0]
    day = year.programme_days[0]
    for listing in (
        day.events(),
        day.blog_posts(),
        year.public_blog().posts(),
        EventPage.objects.descendant_of(year).live().public(),
    ):
        plan = listing.explain()
        assert "SCAN wagtailcore_page" not in plan, plan
        assert "SEARCH wagtailcore_page USING INDEX" in plan, plan
