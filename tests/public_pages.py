"""Every public page the accessibility, HTML, title, reflow and no-JavaScript gates check.

How the list is made, so pages merged later are covered without editing a test:

1. **The page tree** (`tree_pages`): one live, public page of every page type in the
   demo, found by walking the tree (`Page.specific_class`), in tree order. Where one
   type looks different depending on its content, one page of each variant
   (`VARIANTS`: an event of each kind; a full year and an announcement-only year).
2. **Forms** (`form_pages`): an open year built in the test, holding a copy of every
   concrete subclass of `SubmissionFormPage` (the demo's own page copied when the demo
   has one, else a new one), each shown empty, sent empty (errors shown), refused by
   the spam check, and its thank-you page. The demo's own forms, closed, come from 1.
3. **`EXTRA_PAGES`**: what a tree walk cannot find — Django views outside the tree
   (author pages, search), filtered addresses, error pages, particular pages.
4. **Pictures and previews** (`build_pages_with_pictures`, `build_shared_previews`):
   the demo has no pictures, so pages with a described, an undescribed and a decorative
   picture are made in the open year, with a draft seen through a shared preview link
   and an expired link.

To add a page the gates should check, add a line to `EXTRA_PAGES` (or give the demo a
page of the new type). `test_accessibility_coverage.py` fails if a page type has no
page in the list.
"""

import html.parser
from dataclasses import dataclass

import pytest

from django.utils.text import slugify

from wagtail.models import Page, get_page_models

# What the gate does to reach the page's state.
SHOWN = "shown"  # GET the address
SENT_EMPTY = "sent empty"  # GET a form page, then send its form with nothing filled in
REFUSED = "refused"  # send the form with its signed timestamp altered (the spam check's page)
SERVER_ERROR = "server error"  # the 500 page, as Django's error handler renders it


@dataclass(frozen=True)
class PublicPage:
    """One public page, or one state of a page, that the gates check."""

    name: str
    path: str
    state: str = SHOWN
    status: int = 200

    def __str__(self):
        state = "" if self.state == SHOWN else f", {self.state}"
        return f"{self.name} ({self.path}{state})"


# Pages a tree walk cannot find. Add a line here for a page that should be checked.
EXTRA_PAGES = [
    PublicPage("accessibility statement", "/accessibility/"),
    PublicPage("calendar, filtered", "/2017/calendar/?kind=twitter-chat&mode=online"),
    PublicPage("calendar, filtered to nothing", "/2017/calendar/?kind=webinar"),
    PublicPage("calendar, with a filter value not in its list", "/2017/calendar/?kind=nonsense"),
    PublicPage("blog, filtered by tag and author", "/2017/blog/?tag=power&author=gerry-power"),
    PublicPage("blog, with a tag not in its list", "/2017/blog/?tag=nonsense"),
    PublicPage("blog authors", "/people/"),
    PublicPage("author page", "/people/gerry-power/"),
    PublicPage("search, nothing asked yet", "/search/"),
    PublicPage("search with results", "/search/?q=power"),
    PublicPage("search with results, filtered", "/search/?q=power&year=2017&type=event"),
    PublicPage("search without results", "/search/?q=xylophone&year=2017"),
    PublicPage("page not found", "/no-such-page/", status=404),
    PublicPage("server error", "/server-error/", state=SERVER_ERROR, status=500),
]


def _variant_of(page):
    """Pages of one type that look different enough to be checked one of each."""
    from campaign.models import CampaignYearPage, EventPage

    if isinstance(page, EventPage):
        return page.kind
    if isinstance(page, CampaignYearPage):
        return "announcement" if page.is_announcement_only else "full year"
    return None


def page_type_name(model) -> str:
    return model._meta.verbose_name


def tree_pages() -> list[PublicPage]:
    """One live, public page of every type (and variant) in the tree, in tree order."""
    found, seen = [], set()
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path").specific():
        variant = _variant_of(page)
        key = (type(page), variant)
        if key in seen:
            continue
        seen.add(key)
        label = page_type_name(type(page)) + (f" ({variant})" if variant else "")
        found.append(PublicPage(f"{label}: {page.title}", page.url))
    return found


def demo_pages() -> list[PublicPage]:
    """The tree's pages and `EXTRA_PAGES`, each address once."""
    pages, paths = [], set()
    for item in tree_pages() + EXTRA_PAGES:
        if (item.path, item.state) not in paths:
            paths.add((item.path, item.state))
            pages.append(item)
    return pages


# --- Forms in an open year ------------------------------------------------------------
OPEN_YEAR = 2031


def form_page_models() -> list[type]:
    """Every concrete kind of public submission form."""
    from submissions.models.base import SubmissionFormPage

    return [model for model in get_page_models() if issubclass(model, SubmissionFormPage)]


def build_open_year_with_every_form(home):
    """An upcoming year (so its forms are open) with one page of every kind of form.
    The demo's own form page is copied where there is one, so whatever fields a form
    page needs are filled in as an editor filled them; else a new page is made."""
    from tests.factories import CampaignYearPageFactory, ProgrammeDayPageFactory

    year = CampaignYearPageFactory(parent=home, year=OPEN_YEAR, title=f"Co-production Week Scotland {OPEN_YEAR}")
    ProgrammeDayPageFactory(parent=year, title="Day 1: Thursday 20 November", show_in_menus=True)
    forms = []
    for model in form_page_models():
        original = model.objects.live().order_by("path").first()
        if original is not None:
            copy = original.copy(to=year, keep_live=True, reset_translation_key=True)
        else:
            title = page_type_name(model).capitalize()
            copy = year.add_child(instance=model(title=title, slug=slugify(title), show_in_menus=True))
            copy.save_revision().publish()
        forms.append(copy.specific)
    return year, forms


# Image descriptions, as an editor types them in the image library.
DESCRIBED = "Delegates sitting in a circle, talking"
UNDESCRIBED_TITLE = "Kirkcaldy community hall"


def build_pages_with_pictures(year) -> list[PublicPage]:
    """The demo has no pictures (the sources hold none), so the gates check image markup
    on pages made here: an event and a post with their own picture, a page with a
    described, an undescribed and a decorative picture, and an author's photo."""
    from blog.models import BlogPostPage
    from campaign.models import ProgrammeDayPage
    from tests.factories import (
        BlogIndexPageFactory,
        BlogPostPageFactory,
        EventPageFactory,
        ImageFactory,
        PersonFactory,
        StandardPageFactory,
    )

    described = ImageFactory(title="IMG_0042", description=DESCRIBED)
    undescribed = ImageFactory(title=UNDESCRIBED_TITLE)
    day = ProgrammeDayPage.objects.child_of(year).first()
    event = EventPageFactory(parent=day, title="Sharing power in pictures", image=described)
    person = PersonFactory(name="Ailsa Brown", photo=undescribed)
    blog = BlogIndexPageFactory(parent=year)
    post = BlogPostPageFactory(parent=blog, title="A post with a picture", feature_image=undescribed, authors=[person])
    BlogPostPage.objects.filter(pk=post.pk).update(release_date=year.start_date)
    figures = [
        {"type": "image", "value": {"image": described.pk, "caption": "At the 2031 launch", "decorative": False}},
        {"type": "image", "value": {"image": undescribed.pk, "caption": "", "decorative": False}},
        {"type": "image", "value": {"image": described.pk, "caption": "", "decorative": True}},
    ]
    standard = StandardPageFactory(parent=year, title="Pictures from the week", body=figures)
    return [
        PublicPage("event with a picture", event.url),
        PublicPage("blog post with a picture", post.url),
        PublicPage("page with described, undescribed and decorative pictures", standard.url),
        PublicPage("author page with a photo", f"/people/{person.slug}/"),
    ]


def build_shared_previews(year) -> list[PublicPage]:
    """A draft opened through a shared preview link (with its banner), and a link that
    has expired."""
    import datetime

    from django.utils import timezone

    from editorial.models import PreviewLink
    from tests.factories import StandardPageFactory

    draft = StandardPageFactory(parent=year, title="A draft shared for comment", live=False)
    now = timezone.now()
    pages = []
    for expires, name, status in [(1, "draft through a shared preview link", 200), (-1, "expired preview link", 410)]:
        link = PreviewLink(page=draft, expires_at=now + datetime.timedelta(days=expires), shared_with="the Alliance")
        token = link.issue_token()
        link.save()
        pages.append(PublicPage(name, f"/preview/{token}/", status=status))
    return pages


def build_open_year(home) -> list[PublicPage]:
    """Everything the gates check beyond the demo's pages, made in an open year: every
    kind of form in each of its states, pictures, shared previews."""
    year, forms = build_open_year_with_every_form(home)
    return form_pages(forms) + build_pages_with_pictures(year) + build_shared_previews(year)


@pytest.fixture
def live_pages(live_demo, settings):
    """The demo served over HTTP with an open year holding every kind of form, and the
    pages to check there: (base address, [PublicPage])."""
    from home.models import HomePage

    # Forms sent at once by the browser are not taken for robots (the fill time is tested elsewhere).
    settings.SUBMISSIONS_MIN_FILL_SECONDS = 0
    return live_demo.url, demo_pages() + build_open_year(HomePage.objects.get())


def form_pages(forms) -> list[PublicPage]:
    """Each open form empty, with errors, refused, and its thank-you page."""
    pages = []
    for form in forms:
        label = f"{page_type_name(type(form))}: {form.title}"
        pages += [
            PublicPage(f"{label}, empty", form.url),
            PublicPage(f"{label}, with errors", form.url, state=SENT_EMPTY),
            PublicPage(f"{label}, refused", form.url, state=REFUSED, status=400),
            PublicPage(f"{label}, thank you", form.url + form.reverse_subpage("thank_you")),
        ]
    return pages


# --- Reaching a page's state ----------------------------------------------------------
class _HiddenInputs(html.parser.HTMLParser):
    """The hidden inputs of the page's POST form (CSRF token, spam timestamp)."""

    def __init__(self):
        super().__init__()
        self.values, self._in_post_form = {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        elif tag == "input" and self._in_post_form and attrs.get("type") == "hidden":
            self.values[attrs.get("name")] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post_form = False


def hidden_inputs(html_text: str) -> dict:
    parser = _HiddenInputs()
    parser.feed(html_text)
    return parser.values


def server_error_html() -> str:
    """The 500 page as Django's handler renders it when a view fails."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    return server_error(RequestFactory().get("/")).content.decode()


def fetch(client, item: PublicPage) -> tuple[int, str]:
    """The status and HTML the server sends for `item`, through Django's test client."""
    if item.state == SERVER_ERROR:
        return 500, server_error_html()
    response = client.get(item.path)
    if item.state in (SENT_EMPTY, REFUSED):
        data = hidden_inputs(response.content.decode())
        if item.state == REFUSED:
            data["form_started"] = "altered"
        response = client.post(item.path, data)
    return response.status_code, response.content.decode()


def open_in_browser(tab, base_url: str, item: PublicPage) -> tuple[int, str]:
    """Shows `item` in a browser tab as a person would reach it; returns the status and
    the HTML the server sent."""
    url = base_url + item.path
    if item.state == SERVER_ERROR:
        body = server_error_html()
        tab.route(url, lambda route: route.fulfill(status=500, body=body, content_type="text/html; charset=utf-8"))
        response = tab.goto(url)
        tab.unroute(url)
    else:
        response = tab.goto(url)
    if item.state in (SENT_EMPTY, REFUSED):
        form = tab.locator("main form[method='post']")
        if item.state == REFUSED:
            form.locator("[name='form_started']").evaluate("input => { input.value = 'altered'; }")
        with tab.expect_navigation() as navigation:
            form.locator("[type='submit']").last.click()
        response = navigation.value
    return response.status, response.text()
