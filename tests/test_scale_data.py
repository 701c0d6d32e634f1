"""`manage.py generate_scale_data`: the same content for the same seed, the sizes asked
for, listings that paginate, and a clear refusal when its years already exist."""

import datetime
import html as html_lib
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.demo.scale import ScaleSize
from core.models import Organisation, Person

SMALL = ScaleSize.small()
YEARS = list(range(SMALL.first_year, SMALL.first_year + SMALL.years))


def snapshot() -> dict:
    years = CampaignYearPage.objects.filter(year__in=YEARS).order_by("year")
    in_scale = [year.path for year in years]
    events = EventPage.objects.filter(path__regex=rf"^({'|'.join(in_scale)})").order_by("path")
    posts = BlogPostPage.objects.filter(path__regex=rf"^({'|'.join(in_scale)})").order_by("path")
    return {
        "events": [(e.title, e.kind, e.date, e.start_time, [o.name for o in e.host_organisations()]) for e in events],
        "posts": [(p.title, p.release_date, sorted(p.tags.names()), [a.name for a in p.author_people]) for p in posts],
        "organisations": list(Organisation.objects.filter(name__startswith="Scale").values_list("name", flat=True)),
        "people": list(Person.objects.filter(name__startswith="Scale").values_list("name", "role")),
    }


def remove_scale_data():
    for year in CampaignYearPage.objects.filter(year__in=YEARS):
        year.delete()
    Person.objects.filter(name__startswith="Scale").delete()
    Organisation.objects.filter(name__startswith="Scale").delete()


@pytest.mark.slow
def test_the_same_seed_gives_the_same_site_of_the_size_asked(demo):
    out = StringIO()
    call_command("generate_scale_data", "--small", "--seed", "5", stdout=out)
    assert f"{SMALL.years} years" in out.getvalue()
    first = snapshot()
    assert len(first["events"]) == SMALL.years * SMALL.days_per_year * SMALL.events_per_day
    assert len(first["posts"]) == SMALL.posts
    assert len(first["organisations"]) == SMALL.organisations
    assert len(first["people"]) == SMALL.people

    remove_scale_data()
    call_command("generate_scale_data", "--small", "--seed", "5", stdout=StringIO())
    assert snapshot() == first

    remove_scale_data()
    call_command("generate_scale_data", "--small", "--seed", "6", stdout=StringIO())
    assert snapshot() != first


def test_listings_of_the_scale_data_paginate(demo, client):
    call_command("generate_scale_data", "--small", stdout=StringIO())
    newest = YEARS[-1]
    posts_in_year = BlogPostPage.objects.filter(url_path__startswith=f"/home/{newest}/").count()
    assert posts_in_year > 12
    first = client.get(f"/{newest}/blog/").content.decode()
    second = client.get(f"/{newest}/blog/?page=2").content.decode()
    assert first.count('class="card post-card"') == 12
    assert 0 < second.count('class="card post-card"') <= 12
    assert "?page=2" in first


def test_it_refuses_years_that_exist_and_adds_nothing(demo):
    call_command("generate_scale_data", "--small", stdout=StringIO())
    pages_before = EventPage.objects.count()
    with pytest.raises(CommandError, match=f"Years {YEARS[0]}, {YEARS[1]} already exist; nothing was added"):
        call_command("generate_scale_data", "--small", stdout=StringIO())
    assert EventPage.objects.count() == pages_before


def test_a_busy_day_shows_its_first_events_on_the_year_page_and_links_to_the_rest(demo, client):
    from campaign.models.years import PROGRAMME_EVENTS_PER_DAY
    from tests.factories import EventPageFactory

    call_command("generate_scale_data", "--small", stdout=StringIO())
    day = ProgrammeDayPage.objects.get(date=datetime.date(YEARS[0], 11, 20))
    for number in range(PROGRAMME_EVENTS_PER_DAY + 2):
        EventPageFactory(parent=day, title=f"Crowded kelpie walk {number}")
    total = EventPage.objects.child_of(day).live().count()
    html = client.get(f"/{YEARS[0]}/").content.decode()
    programme = html.split('id="programme-heading"', 1)[1]
    programme_day = programme.split(f">{day.title}</a></h3>", 1)[1].split('class="programme__day"', 1)[0]
    assert programme_day.count("<li><a href=") == PROGRAMME_EVENTS_PER_DAY
    assert f"All {total} events on {day.title}" in programme_day


def test_a_busy_day_shows_its_events_a_page_at_a_time_and_only_its_first_posts(demo, client, monkeypatch):
    from blog.models import BlogIndexPage
    from tests.factories import BlogPostPageFactory, EventPageFactory

    # Smaller pages than the real ones (50 events, 12 posts), so a few pages make a busy day.
    monkeypatch.setattr("campaign.models.calendar.EVENTS_PER_PAGE", 3)
    monkeypatch.setattr("campaign.models.days.BLOG_POSTS_SHOWN", 2)
    day = ProgrammeDayPage.objects.live().filter(date__year=2017).order_by("date").first()
    for number in range(7 - EventPage.objects.child_of(day).count()):
        EventPageFactory(parent=day, title=f"Crowded kelpie walk {number}")
    blog = BlogIndexPage.objects.live().get(url_path__startswith="/home/2017/")
    for number in range(3):
        BlogPostPageFactory(parent=blog, title=f"Busy day post {number}", release_date=day.date)

    first = client.get(day.url).content.decode()
    events = first.split('id="events-heading"', 1)[1].split("</section>", 1)[0]
    assert events.count('class="card event-card"') == 3
    assert "Page 1 of 3" in events
    third = client.get(day.url + "?page=3").content.decode()
    assert third.split('id="events-heading"', 1)[1].count('class="card event-card"') == 1
    posts = first.split('id="blogs-heading"', 1)[1]
    assert posts.count('class="card post-card"') == 2
    released = f"{blog.url}?released={day.date.isoformat()}"
    assert f'<a href="{released}">More posts released on {day.title} are on the blog</a>' in posts
    # The link lists that day's posts, and only them.
    on_the_blog = html_lib.unescape(client.get(released).content.decode())
    day_posts = BlogPostPage.objects.child_of(blog).live().filter(release_date=day.date)
    assert on_the_blog.count('class="card post-card"') == day_posts.count() >= 3
    for post in day_posts:
        assert post.title in on_the_blog
