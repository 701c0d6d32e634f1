"""Every page type renders for a reader, with the demo content."""

import pytest

PAGES = {
    "home": "/",
    "standard page": "/about/",
    "campaign year": "/2017/",
    "announcement year": "/2018/",
    "programme day": "/2017/monday-27-november/",
    "event": "/2017/tuesday-28-november/power-health-and-social-justice/",
    "twitter chat": "/2017/monday-27-november/twitter-chat-what-are-the-barriers-that-inequality-of-power-brings/",
    "blog index": "/2017/blog/",
    "blog post": "/2017/blog/power-on-power/",
    "resources": "/2017/resources/",
}


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_page_type_renders(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert '<html lang="en-GB">' in html
    assert 'href="#main"' in html, "every page starts with a skip link"


def test_unknown_address_gets_branded_404(client, demo):
    response = client.get("/2017/no-such-day/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Co-production Week Scotland" in response.content.decode()


def test_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, something went wrong" in html


def test_archived_year_pages_say_they_are_an_archive(client, demo):
    for url in ("/2017/", "/2017/monday-27-november/", "/2017/blog/power-on-power/"):
        html = client.get(url).content.decode()
        assert "This is the archive of Co-production Week Scotland 2017" in html, url


def test_page_titles_are_descriptive(client, demo):
    html = client.get("/2017/tuesday-28-november/").content.decode()
    assert "<title>Day 2: Tuesday 28 November — Co-production Week Scotland 2017</title>" in html


def test_year_navigation_lists_days_and_blog(client, demo):
    html = client.get("/2017/blog/").content.decode()
    nav = html[html.index('class="year-nav"') : html.index("</nav>", html.index('class="year-nav"'))]
    assert "Day 1: Monday 27 November" in nav
    assert "Day 5: Friday 1 December" in nav
    assert 'href="/2017/blog/" aria-current="page"' in nav


def test_breadcrumbs_lead_back_to_home(client, demo):
    html = client.get("/2017/tuesday-28-november/power-health-and-social-justice/").content.decode()
    crumbs = html[html.index('aria-label="Breadcrumb"') :]
    assert 'href="/">Home</a>' in crumbs
    assert 'href="/2017/">Co-production Week Scotland 2017</a>' in crumbs
    assert 'href="/2017/tuesday-28-november/">Day 2: Tuesday 28 November</a>' in crumbs
