"""Journey 5, in a real browser: a reader goes from the home page through 2017 to an
event and the blog, then back to the 2018 announcement, and meets no broken link."""

from urllib.parse import urljoin, urlparse

import pytest

pytestmark = pytest.mark.browser


def internal_links(page, base_url):
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    links = set()
    for href in hrefs:
        url = urljoin(page.url, href)
        if urlparse(url).netloc == urlparse(base_url).netloc and not href.startswith("#"):
            links.add(url.split("#")[0])
    return links


def test_reader_journey(page, live_demo):
    base = live_demo.url
    visited, checked = [], {}

    def arrive(expected_heading):
        assert page.locator("h1").first.inner_text() == expected_heading
        visited.append(page.url)
        for link in internal_links(page, base) - set(checked):
            checked[link] = page.request.get(link).status

    page.goto(base + "/")
    arrive("Co-production Week Scotland")
    page.get_by_role("link", name="Co-production Week Scotland 2017").click()
    arrive("Co-production Week Scotland 2017")
    assert "This is the archive of Co-production Week Scotland 2017" in page.inner_text("body")

    page.locator(".programme").get_by_role("link", name="Day 2: Tuesday 28 November").click()
    arrive("Day 2: Tuesday 28 November")
    page.get_by_role("link", name="Power, Health and Social Justice").click()
    arrive("Power, Health and Social Justice")
    assert "almost 200 delegates" in page.inner_text("main")

    page.get_by_role("navigation", name="2017 microsite").get_by_role("link", name="Blog").click()
    arrive("Blog")
    page.get_by_role("link", name="Power on Power").click()
    arrive("Power on Power")
    assert "Director of Integration" in page.inner_text("main")

    page.get_by_role("link", name="Home", exact=True).first.click()
    page.get_by_role("link", name="Go to 2018").click()
    arrive("Co-production Week Scotland 2018")
    assert "will take place from 19th - 25th November 2018" in page.inner_text("main")

    broken = {url: status for url, status in checked.items() if status != 200}
    assert not broken, broken
    assert len(visited) == 7
    assert len(checked) > 20
