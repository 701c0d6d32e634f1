"""Archived years, the home page's order of years, and addresses that last."""

import datetime

import pytest

from django.apps import apps

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from campaign.models import CampaignYearPage
from core.demo.builder import DemoBuilder
from home.models import StandardPage
from submissions.models import SubmissionFormPage, submission_models
from tests.factories import CampaignYearPageFactory, StandardPageFactory

BANNER = "This is the archive of Co-production Week Scotland 2017"


def page_types_under_a_year() -> set:
    """Every page type that can sit anywhere under a year."""
    found, todo = set(), list(CampaignYearPage.allowed_subpage_models())
    while todo:
        model = todo.pop()
        if model not in found:
            found.add(model)
            todo += model.allowed_subpage_models()
    return found


@pytest.fixture
def archive_2017(demo):
    """2017 with one live page of every type that can be under a year; types the demo does
    not have are added (a form page kind another branch brings included)."""
    year = CampaignYearPage.objects.get(year=2017)
    present = {type(p) for p in year.get_descendants().live().specific()}
    for model in page_types_under_a_year() - present:
        parent = next(p for p in year.get_descendants(inclusive=True).specific() if model in p.allowed_subpage_models())
        if model is StandardPage:
            StandardPageFactory(parent=parent)
        else:
            parent.add_child(instance=model(title=f"A {model._meta.verbose_name}", slug=model._meta.model_name))
    return year


def test_every_page_of_an_archived_year_says_it_is_an_archive(client, archive_2017):
    pages = list(archive_2017.get_descendants(inclusive=True).live().specific())
    assert {type(p) for p in pages} >= page_types_under_a_year()
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert BANNER in response.content.decode(), page.url
    for form_page in (p for p in pages if isinstance(p, SubmissionFormPage)):
        html = client.get(form_page.url + "thank-you/").content.decode()
        assert BANNER in html, "the form's confirmation page too"


def test_forms_of_every_kind_are_closed_in_an_archived_year(client, archive_2017):
    form_pages = [p for p in archive_2017.get_descendants().live().specific() if isinstance(p, SubmissionFormPage)]
    kinds = {m for m in apps.get_models() if issubclass(m, SubmissionFormPage)}
    assert {type(p) for p in form_pages} == kinds
    stored = sum(m.objects.count() for m in submission_models())
    for page in form_pages:
        html = client.get(page.url).content.decode()
        assert "Submissions for 2017 are closed." in html, page.url
        assert "<form" not in html[html.index("<main") :], "no form to fill in"
        response = client.post(page.url, {"title": "Too late", "contact_email": "late@example.org"})
        assert response.status_code == 403, page.url
        assert "Submissions for 2017 are closed." in response.content.decode()
    assert sum(m.objects.count() for m in submission_models()) == stored


def test_status_follows_the_dates(demo, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    assert year.status(datetime.date(2031, 11, 19)) == "upcoming"
    assert year.status(datetime.date(2031, 11, 20)) == "live"
    assert year.status(datetime.date(2031, 11, 26)) == "live"
    assert year.status(datetime.date(2031, 11, 27)) == "archived"


# --- The home page ------------------------------------------------------------------------
def sections(html):
    main = html[html.index("<main") :]
    featured = main[main.index('class="featured-year"') : main.index("</section>")]
    return main, featured


def test_home_leads_with_the_latest_when_every_year_is_past(client, demo):
    main, featured = sections(client.get("/").content.decode())
    assert "Co-production Week Scotland 2018" in featured
    assert "Archive" in featured
    past = main[main.index('id="past-years-heading"') :]
    assert "Co-production Week Scotland 2017" in past
    assert "Theme: power" in past
    assert "Events, blogs and three Twitter chats" in past, "the year's one-line summary"
    assert "In numbers: 9 events, 12 organisations, 4 Twitter chats and 7 blog posts." in past


def test_home_announces_an_upcoming_year_then_lists_past_years(client, demo, monkeypatch):
    # As the site looked in the summer of 2018.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: datetime.date(2018, 6, 1))
    main, featured = sections(client.get("/").content.decode())
    assert "Upcoming" in featured
    assert "19 – 25 November 2018" in featured
    assert "much more to share soon" in featured
    assert 'href="/2017/">See what we got up to in 2017</a>' in featured
    assert main.index('id="past-years-heading"') > main.index("featured-year")
    assert "Co-production Week Scotland 2017" in main[main.index('id="past-years-heading"') :]


def test_a_new_year_with_only_its_dates_says_more_is_coming(client, demo, home_page, during_the_2026_week):
    # As 2019 is the day it is started from 2018: dates, and nothing else yet.
    CampaignYearPageFactory(parent=home_page, year=2027, theme="", start_date=datetime.date(2027, 11, 15))
    _, featured = sections(client.get("/").content.decode())
    assert "15 – 21 November 2027" in featured
    assert "We’ll have more to share soon." in featured
    assert 'href="/2018/">See what we got up to in 2018</a>' in featured


def test_home_leads_with_the_year_happening_now(client, demo, home_page, during_the_2026_week):
    CampaignYearPageFactory(parent=home_page, year=2026, start_date=datetime.date(2026, 11, 20))
    CampaignYearPageFactory(parent=home_page, year=2027, start_date=datetime.date(2027, 11, 19))
    main, featured = sections(client.get("/").content.decode())
    assert "Co-production Week Scotland 2026" in featured
    assert "Happening now" in featured
    coming = main[main.index('id="coming-years-heading"') : main.index('id="past-years-heading"')]
    assert "Co-production Week Scotland 2027" in coming
    past = main[main.index('id="past-years-heading"') :]
    assert past.index("2018") < past.index("2017"), "newest first"


# --- Stable addresses ---------------------------------------------------------------------
def test_current_year_leads_to_the_featured_year(client, demo, home_page, during_the_2026_week):
    assert client.get("/current-year/")["Location"] == "/2018/"
    CampaignYearPageFactory(parent=home_page, year=2026, start_date=datetime.date(2026, 11, 20))
    response = client.get("/current-year/")
    assert response.status_code == 302, "temporary: it changes with the date"
    assert response["Location"] == "/2026/"


def test_legacy_addresses_redirect_through_wagtails_redirects(client, demo, home_page, during_the_2026_week):
    assert client.get("/coproweekscot/")["Location"] == "/current-year/"
    assert client.get("/coproweekscot/").status_code == 302
    assert client.get("/coproweekscot", follow=True).redirect_chain == [("/current-year/", 302), ("/2018/", 302)]
    assert client.get("/coproweekscot-2017/")["Location"] == "/2017/"
    assert client.get("/coproweekscot-2017/").status_code == 301
    assert client.get("/coproweekscot-2018")["Location"] == "/2018/"
    assert client.get("/coproweekscot/share/")["Location"] == "/2017/share-your-story/"
    # When the year changes, the old address follows; the year-specific ones do not move.
    CampaignYearPageFactory(parent=home_page, year=2026, start_date=datetime.date(2026, 11, 20))
    assert client.get("/coproweekscot/", follow=True).redirect_chain[-1] == ("/2026/", 302)
    assert client.get("/coproweekscot-2017/")["Location"] == "/2017/"


def test_legacy_redirects_are_editable_redirects_made_once(demo):
    redirects = {r.old_path: r for r in Redirect.objects.all()}
    assert redirects["/coproweekscot"].redirect_link == "/current-year/"
    assert not redirects["/coproweekscot"].is_permanent
    assert redirects["/coproweekscot-2017"].redirect_page.specific == CampaignYearPage.objects.get(year=2017)
    count = Redirect.objects.count()
    DemoBuilder().build()
    assert Redirect.objects.count() == count


def test_a_years_address_is_its_number_for_good(admin_client, demo):
    from tests.admin_forms import edit_page_url, year_form

    year = CampaignYearPage.objects.get(year=2017)
    revision = year.live_revision_id
    data = year_form(title=year.title, year="2017", start_date="2017-11-27", end_date="2017-12-03", slug="power-week")
    data["action-publish"] = "action-publish"
    assert admin_client.post(edit_page_url(year), data).status_code == 302, "published"
    page = Page.objects.get(pk=year.pk)
    assert page.live_revision_id != revision
    assert page.url_path == "/home/2017/"


def test_home_moves_a_year_to_the_past_when_its_week_is_over_without_an_edit(
    client, demo, home_page, page_cache_off, monkeypatch
):
    CampaignYearPageFactory(parent=home_page, year=2031)
    CampaignYearPageFactory(parent=home_page, year=2032)

    def home_on(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: day)
        main, featured = sections(client.get("/").content.decode())
        past = main.index('id="past-years-heading"')
        coming = main.find('id="coming-years-heading"')
        return featured, main[coming:past] if coming >= 0 else "", main[past:]

    featured, coming, past = home_on(datetime.date(2031, 6, 1))
    assert "Co-production Week Scotland 2031" in featured
    assert "Co-production Week Scotland 2032" in coming
    assert "2031" not in past
    featured, coming, past = home_on(datetime.date(2032, 1, 10))
    assert "Co-production Week Scotland 2032" in featured
    assert 'Co-production Week Scotland 2031</a> <span class="status status--archived">Archive</span>' in past

    # And an edit is on the next view, the same day.
    year = CampaignYearPage.objects.get(year=2031)
    year.theme = "Kelpies and co-production"
    year.save_revision().publish()
    assert "Theme: Kelpies and co-production" in home_on(datetime.date(2032, 1, 10))[2]
