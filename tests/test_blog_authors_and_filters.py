"""The blog index's filters by tag, author and release day, and author pages across every year."""

import datetime
import html as html_lib
import re

import pytest

from blog.models import BlogIndexPage
from core.models import Person
from tests.factories import BlogIndexPageFactory, BlogPostPageFactory, CampaignYearPageFactory, PersonFactory


def text_of(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return html_lib.unescape(response.content.decode())


def post_titles(html: str) -> list[str]:
    return re.findall(r'<h[234] class="card__title"><a href="[^"]+">([^<]+)</a>', html)


# --- Filters -----------------------------------------------------------------------
def test_filter_by_tag(client, demo):
    html = text_of(client, "/2017/blog/?tag=power")
    assert sorted(post_titles(html)) == [
        "Elspeth Gracey, CHEX: an honest take on power and co-production",
        "Josie Vallely, Iriss: the potential of co-production to distribute power",
        "Power on Power",
    ]
    assert "3 posts tagged power." in re.sub(r"<[^>]+>", "", html)
    assert '<a href="/2017/blog/">Show all posts</a>' in html
    assert '<option value="power" selected>power</option>' in html


def test_filter_by_author(client, demo):
    html = text_of(client, "/2017/blog/?author=gerry-power")
    assert post_titles(html) == ["Power on Power"]
    assert '<a href="/people/gerry-power/">Gerry Power’s posts in every year</a>' in html


def test_filters_combine(client, demo):
    assert post_titles(text_of(client, "/2017/blog/?tag=participatory-budgeting&author=paul-johnson")) == [
        "Paul Johnson, Midlothian Council: ‘Food, Glorious Food’"
    ]
    html = text_of(client, "/2017/blog/?tag=evaluation&author=gerry-power")
    assert post_titles(html) == []
    assert "No posts match these filters." in html


def test_filter_form_works_without_javascript(client, demo):
    html = text_of(client, "/2017/blog/")
    form = html[html.index('<form class="filters"') : html.index("</form>", html.index('<form class="filters"'))]
    assert 'method="get" action="/2017/blog/"' in form
    assert '<label for="id_tag">Tag</label>' in form
    assert '<select name="tag" id="id_tag">' in form
    assert '<label for="id_author">Author</label>' in form
    assert '<select name="author" id="id_author">' in form
    # Only tags and authors that have posts here are offered.
    assert re.findall(r'<option value="([^"]+)"', form[: form.index('name="author"')]) == [
        "evaluation",
        "participatory-budgeting",
        "power",
    ]
    assert '<option value="steven-marwick">Steven Marwick</option>' in form
    assert '<button class="button" type="submit">Show posts</button>' in form


def test_each_reader_sees_their_own_choices_in_the_filters_kept_rendered(client, demo):
    for tag in ("power", "evaluation", "power"):
        html = text_of(client, f"/2017/blog/?tag={tag}")
        assert f'<option value="{tag}" selected>{tag}</option>' in html
        assert html.count(" selected>") == 3, "one choice in each drop-down"
    for _ in range(2):
        assert "No post on this blog is tagged “knitting”" in text_of(client, "/2017/blog/?tag=knitting")
    assert "No post on this blog is tagged" not in text_of(client, "/2017/blog/?tag=power")


def test_unknown_filter_is_explained_and_shows_everything(client, demo):
    html = text_of(client, "/2017/blog/?tag=knitting")
    assert "No post on this blog is tagged “knitting”: showing posts with any tag." in html
    assert len(post_titles(html)) == 7


def test_pagination_keeps_the_filter(client, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    blog = BlogIndexPageFactory(parent=year)
    for n in range(15):
        post = BlogPostPageFactory(parent=blog, title=f"Tagged post {n:02}")
        post.tags.add("kelpies")
        post.save()
    BlogPostPageFactory(parent=blog, title="Untagged post")
    first = text_of(client, "/2031/blog/?tag=kelpies")
    assert len(post_titles(first)) == 12
    assert "15 posts tagged kelpies." in re.sub(r"<[^>]+>", "", first)
    assert 'href="?tag=kelpies&page=2" rel="next"' in first
    second = text_of(client, "/2031/blog/?tag=kelpies&page=2")
    assert len(post_titles(second)) == 3
    assert "Untagged post" not in second
    assert 'href="?tag=kelpies&page=1" rel="prev"' in second
    assert '<link rel="canonical" href="http://localhost/2031/blog/?tag=kelpies&page=2">' in second


@pytest.fixture
def a_week_of_posts(home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    blog = BlogIndexPageFactory(parent=year)
    BlogPostPageFactory(parent=blog, title="Monday’s post", release_date=datetime.date(2031, 11, 17))
    BlogPostPageFactory(parent=blog, title="Tuesday’s first post", release_date=datetime.date(2031, 11, 18))
    BlogPostPageFactory(parent=blog, title="Tuesday’s second post", release_date=datetime.date(2031, 11, 18))
    return blog


def test_filter_by_release_day(client, a_week_of_posts):
    html = text_of(client, "/2031/blog/?released=2031-11-18")
    assert sorted(post_titles(html)) == ["Tuesday’s first post", "Tuesday’s second post"]
    assert "2 posts released on Tuesday 18 November 2031." in re.sub(r"<[^>]+>", "", html)
    assert "<title>Posts released on Tuesday 18 November 2031:" in html
    # Only the days that have posts are offered.
    form = html[html.index('<select name="released"') : html.index("</select>", html.index('name="released"'))]
    assert re.findall(r'<option value="([^"]*)"', form) == ["", "2031-11-17", "2031-11-18"]
    assert '<option value="2031-11-18" selected>Tuesday 18 November 2031</option>' in form
    assert '<label for="id_released">Released on</label>' in html


@pytest.mark.parametrize("day", ["2031-12-25", "next-tuesday"])
def test_an_unknown_release_day_is_explained_and_shows_every_day(client, a_week_of_posts, day):
    html = text_of(client, f"/2031/blog/?released={day}")
    assert f"No post on this blog was released on “{day}”: showing posts from every day." in html
    assert len(post_titles(html)) == 3


def test_tags_on_a_post_lead_to_the_filtered_blog(client, demo):
    html = text_of(client, "/2017/blog/power-on-power/")
    assert '<a class="tag" href="/2017/blog/?tag=power">power' in html


# --- Author pages --------------------------------------------------------------------
def test_bylines_link_to_author_pages(client, demo):
    post = text_of(client, "/2017/blog/power-on-power/")
    assert '<a href="/people/gerry-power/"><strong>Gerry Power</strong></a>' in post
    listing = text_of(client, "/2017/blog/")
    assert '<a href="/people/margaret-macbain/">Margaret MacBain</a>, PB Champion, East Ayrshire Council' in listing
    day = text_of(client, "/2017/thursday-30-november/")
    assert '<a href="/people/fiona-jamieson/">Fiona Jamieson</a>' in day


def test_author_page_lists_posts_across_every_year(client, demo):
    gerry = Person.objects.get(name="Gerry Power")
    year = CampaignYearPageFactory(parent=demo, year=2031)
    blog = BlogIndexPageFactory(parent=year)
    BlogPostPageFactory(parent=blog, title="Power, again", release_date=datetime.date(2031, 11, 21), authors=[gerry])
    BlogPostPageFactory(parent=blog, title="Gerry's draft", authors=[gerry], live=False)

    html = text_of(client, "/people/gerry-power/")
    assert "<h1>Gerry Power</h1>" in html
    assert "Director of Integration, Health and Social Care Alliance Scotland (the ALLIANCE)" in html
    assert "2 posts by Gerry Power, across every year." in html
    assert post_titles(html) == ["Power, again", "Power on Power"]
    years = re.findall(r'<h3><a href="/(\d{4})/">', html)
    assert years == ["2031", "2017"], "posts are grouped under their year, newest first"
    assert "Gerry's draft" not in html


def test_author_pages_only_for_people_with_published_posts(client, demo):
    quiet = PersonFactory(name="Morag Quiet")
    text_of(client, f"/people/{quiet.slug}/", status=404)
    blog = BlogIndexPage.objects.get()
    BlogPostPageFactory(parent=blog, title="Morag's first post", authors=[quiet], live=False)
    text_of(client, f"/people/{quiet.slug}/", status=404)
    text_of(client, "/people/nobody-at-all/", status=404)


def test_people_index_lists_every_author(client, demo):
    html = text_of(client, "/people/")
    names = re.findall(r'<a href="/people/[\w-]+/">([^<]+)</a>', html)
    assert names == sorted(names)
    assert len(names) == 7
    assert "Gerry Power" in names
    assert "1 post" in html


def test_people_index_is_shown_a_page_at_a_time(client, demo, monkeypatch):
    # Smaller pages than the real ones, so the demo's seven authors fill three.
    monkeypatch.setattr("blog.views.PEOPLE_PER_PAGE", 3)
    pages = [text_of(client, f"/people/?page={number}") for number in (1, 2, 3)]
    names = [re.findall(r'<a href="/people/[\w-]+/">([^<]+)</a>', html) for html in pages]
    assert [len(on_page) for on_page in names] == [3, 3, 1]
    every_name = [name for on_page in names for name in on_page]
    assert every_name == sorted(every_name)
    assert len(set(every_name)) == 7, "each author once"
    assert "Page 2 of 3" in pages[1]
    assert 'href="?page=3" rel="next"' in pages[1]
    assert "<title>Blog authors, page 2 — " in pages[1]
    assert '<link rel="canonical" href="http://localhost/people/?page=2">' in pages[1]
    assert text_of(client, "/people/?page=99") == pages[2], "past the end: the last page"


@pytest.mark.parametrize("url", ["/people/", "/people/gerry-power/"])
def test_author_pages_describe_themselves(client, demo, url):
    html = text_of(client, url)
    assert '<link rel="canonical" href="http://localhost' + url + '">' in html
    assert '<meta property="og:title"' in html
