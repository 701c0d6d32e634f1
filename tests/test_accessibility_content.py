"""What every public page says about itself to assistive technology and browsers: its
language (en-GB), a unique title that says what and where it is, one main heading;
pictures described from the image library (or marked decorative) with their size set;
and the accessibility statement, linked from every page."""

import re
from html.parser import HTMLParser

from tests.factories import CampaignYearPageFactory, ProgrammeDayPageFactory
from tests.public_pages import (
    DESCRIBED,
    OPEN_YEAR,
    UNDESCRIBED_TITLE,
    build_open_year,
    build_pages_with_pictures,
    demo_pages,
    fetch,
)

SITE = "Co-production Week Scotland"


class _Outline(HTMLParser):
    """The parts of a page this test reads: language, title, h1s, images, footer links."""

    def __init__(self):
        super().__init__()
        self.lang, self.title, self.h1s, self.images, self.footer_links = None, "", 0, [], []
        self._in = None
        self._in_footer = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "title" and not self.title:
            # Only the document's own title: inline SVG charts have <title>s of their own.
            self._in = "title"
        elif tag == "h1":
            self.h1s += 1
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "footer":
            self._in_footer = True
        elif tag == "a" and self._in_footer:
            self.footer_links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in = None
        elif tag == "footer":
            self._in_footer = False

    def handle_data(self, data):
        if self._in == "title":
            self.title += data


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.title = " ".join(parser.title.split())
    return parser


def every_page(client, demo, settings):
    settings.SUBMISSIONS_MIN_FILL_SECONDS = 0
    pages = demo_pages() + build_open_year(demo)
    return {item: outline(fetch(client, item)[1]) for item in pages}


def test_every_page_has_its_language_one_main_heading_a_unique_title_and_the_statement_link(client, demo, settings):
    pages = every_page(client, demo, settings)
    problems = []
    for item, page in pages.items():
        if page.lang != "en-GB":
            problems.append(f"{item}: lang={page.lang!r}")
        if page.h1s != 1:
            problems.append(f"{item}: {page.h1s} main headings")
        if SITE not in page.title:
            problems.append(f"{item}: title {page.title!r} does not name the site")
        if "/accessibility/" not in page.footer_links:
            problems.append(f"{item}: no link to the accessibility statement in the footer")
    titles = {}
    for item, page in pages.items():
        titles.setdefault(page.title, []).append(str(item))
    problems += [f"{len(items)} pages titled {title!r}: {items}" for title, items in titles.items() if len(items) > 1]
    assert not problems, "\n".join(problems)

    by_path = {(item.path, item.state): page.title for item, page in pages.items()}
    assert by_path["/2017/monday-27-november/", "shown"] == f"Day 1: Monday 27 November — {SITE} 2017"
    assert by_path["/2017/", "shown"] == f"{SITE} 2017", "the site is not named twice"
    assert by_path["/people/gerry-power/", "shown"] == f"Gerry Power: blog posts — {SITE}"
    assert by_path["/search/?q=xylophone&year=2017", "shown"] == f"Search results for “xylophone” in 2017 — {SITE}"
    assert by_path["/2017/blog/?tag=power&author=gerry-power", "shown"] == (
        f"Posts tagged power by Gerry Power: Blog — {SITE} 2017"
    )
    assert by_path["/2017/blog/?tag=nonsense", "shown"] == f"Error: Blog — {SITE} 2017"
    assert by_path["/no-such-page/", "shown"] == f"Page not found — {SITE}"
    assert by_path["/server-error/", "server error"] == f"Sorry, something went wrong — {SITE}"
    assert by_path["/2031/add-your-event/", "sent empty"] == f"Error: Add your event — {SITE} 2031"
    assert by_path["/2031/add-your-event/thank-you/", "shown"] == f"Thank you: Add your event — {SITE} 2031"
    assert by_path["/accessibility/", "shown"] == f"Accessibility statement — {SITE}"


def test_pictures_are_described_from_the_image_library_or_marked_decorative_and_sized(client, demo):
    year = CampaignYearPageFactory(parent=demo, year=OPEN_YEAR)
    ProgrammeDayPageFactory(parent=year)
    images = {str(item): outline(fetch(client, item)[1]).images for item in build_pages_with_pictures(year)}
    every_image = [image for found in images.values() for image in found]
    assert len(every_image) == 6
    for image in every_image:
        assert "alt" in image, image
        assert int(image["width"]) > 0, f"a set width and height keep the page from jumping as it loads: {image}"
        assert int(image["height"]) > 0, image
    alts = {found[0]["alt"] for name, found in images.items() if "event" in name or "post" in name}
    assert alts == {DESCRIBED, UNDESCRIBED_TITLE}, "the image's description, else its title"
    figures = next(found for name, found in images.items() if name.startswith("page with"))
    assert [image["alt"] for image in figures] == [DESCRIBED, UNDESCRIBED_TITLE, ""], "decorative pictures: alt=''"
    assert all(re.search(r" 480w, .* 800w, .* 1200w$", image["srcset"]) for image in figures), "sizes to choose from"
    photo = next(found for name, found in images.items() if name.startswith("author page"))[0]
    assert photo["alt"] == "", "the author's photo sits beside their name, so it is decorative"


def test_the_accessibility_statement_in_the_demo(client, demo):
    statement = client.get("/accessibility/").content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", statement).split())
    for expected in [
        "Web Content Accessibility Guidelines version 2.2 AA standard",
        "How accessible this website is",
        "documents (such as PDFs) and films shared by network members and partners may not be accessible",
        "email coproweek@scdc.org.uk",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service (EASS)",
        "How we test this website",
        "This statement was prepared on 23 November 2026.",
    ]:
        assert expected in text, expected
    assert 'href="mailto:coproweek@scdc.org.uk"' in statement
