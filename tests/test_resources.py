"""A year's resources page: films, reports, blogs and tools, branding materials to
download, and the 2017 films exactly as far as the source records them."""

import html as html_lib
import re

import pytest

from wagtail.models import Page

from campaign.models import CampaignYearPage, EventPage
from resources.models import BrandingMaterial, Resource, ResourceIndexPage
from tests.admin_forms import add_page_url, page_form
from tests.factories import (
    CampaignYearPageFactory,
    DocumentFactory,
    OrganisationFactory,
    ResourceIndexPageFactory,
)

FILM_LAUNCH = "The Power of Stories: 100 Stories of Co-production"


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.content.decode())


def resources_form(resources=(), branding=(), **fields) -> dict:
    def resource(item):
        return {"description": "", "link": "", "document": "", "organisation": "", "event": "", **item}

    data = page_form(
        {"title": "Resources", **fields},
        rich=["intro"],
    )
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data.update(nested_form_data({"resources": inline_formset([resource(item) for item in resources])}))
    data.update(
        nested_form_data({"branding_materials": inline_formset([{"description": "", **item} for item in branding])})
    )
    return data


# --- The 2017 demo -------------------------------------------------------------------
def test_2017_resources_page_has_the_films_the_source_names(client, demo):
    page = ResourceIndexPage.objects.get()
    assert page.url == "/2017/resources/"
    assert page.get_parent().specific == CampaignYearPage.objects.get(year=2017)
    text = text_of(client, page.url)
    assert "very useful resources as part of #CoProWeekScot" in text
    assert '<h2 id="films">Films</h2>' in text
    titles = re.findall(r'<h3 class="card__title">([^<]+)</h3>', text)
    assert titles[0] == "Created By Conversation"
    assert len(titles) == 5
    assert all("title not recorded" in title for title in titles[1:])
    assert text.count("The original page does not record its title") == 4
    assert "View all five films here" in text
    assert "the address is not recorded" in text


def test_nothing_is_invented_for_the_films(client, demo):
    resources = Resource.objects.all()
    assert resources.count() == 5
    assert set(resources.values_list("kind", flat=True)) == {"film"}
    assert not resources.exclude(link="").exists(), "the source gives no address for the films"
    assert not resources.exclude(document=None).exists()
    assert not resources.exclude(organisation=None).exists(), "the source does not say who made them"
    assert not BrandingMaterial.objects.exists(), "the source names no branding files"
    text = text_of(client, "/2017/resources/")
    assert text.count("No link or file for this resource is held in this archive.") == 5
    assert text.count("Shared by</dt>\n    <dd>Not recorded") == 5


def test_film_launch_and_resources_link_to_each_other(client, demo):
    launch = EventPage.objects.get(title=FILM_LAUNCH)
    event_page = text_of(client, launch.url)
    section = event_page[event_page.index("Resources from this event") :]
    first = Resource.objects.get(title="Created By Conversation")
    assert f'href="/2017/resources/#resource-{first.pk}">Created By Conversation</a>' in section
    resources_page = text_of(client, "/2017/resources/")
    assert f'id="resource-{first.pk}"' in resources_page
    assert resources_page.count(f'<a href="{launch.url}">{FILM_LAUNCH}</a>') == 5


def test_resources_page_is_in_the_year_navigation(client, demo):
    html = client.get("/2017/").content.decode()
    nav = html[html.index('class="year-nav"') : html.index("</nav>", html.index('class="year-nav"'))]
    assert 'href="/2017/resources/">Resources</a>' in nav


# --- Building a resources page in the editor -------------------------------------------
@pytest.fixture
def year_2031(home_page):
    return CampaignYearPageFactory(parent=home_page, year=2031)


def test_editor_adds_resources_and_branding_materials(admin_client, client, year_2031):
    report = DocumentFactory(title="Co-production in practice", file__filename="report.pdf")
    logo_pack = DocumentFactory(title="Logo pack")
    shared_by = OrganisationFactory(name="Fife Voices", website="https://fife-voices.example/")
    form = admin_client.get(add_page_url(ResourceIndexPage, year_2031)).content.decode()
    assert "Branding materials for event organisers" in form
    assert "Where to find it (one or the other)" in form
    response = admin_client.post(
        add_page_url(ResourceIndexPage, year_2031),
        {
            **resources_form(
                resources=[
                    {"title": "A film about sharing power", "kind": "film", "link": "https://example.org/film"},
                    {
                        "title": "Co-production in practice",
                        "kind": "report",
                        "description": "Ten stories from Fife.",
                        "document": str(report.pk),
                        "organisation": str(shared_by.pk),
                    },
                ],
                branding=[
                    {"title": "Co-production Week logo", "description": "For posters.", "document": str(logo_pack.pk)}
                ],
            ),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ResourceIndexPage.objects.child_of(year_2031).get()
    assert page.live

    text = text_of(client, page.url)
    assert re.findall(r'<h2 id="\w+">\w+</h2>', text)[:2] == [
        '<h2 id="films">Films</h2>',
        '<h2 id="reports">Reports</h2>',
    ]
    watch = '<a class="button" href="https://example.org/film">Watch<span class="visually-hidden"> A film about'
    assert watch in text
    assert '<a href="https://fife-voices.example/">Fife Voices</a>' in text
    assert "Ten stories from Fife." in text
    assert f'href="/documents/{report.pk}/report.pdf" download>Download' in text
    branding = text[text.index('<h2 id="branding">') :]
    assert "Co-production Week logo" in branding
    assert f'href="/documents/{logo_pack.pk}/logo-pack.pdf" download>Download' in branding
    assert "(PDF, 22\xa0bytes)" in branding

    # The file is served through Wagtail's documents app.
    download = client.get(f"/documents/{logo_pack.pk}/logo-pack.pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 branding pack"


def test_a_resource_offers_a_link_or_a_document_not_both(admin_client, year_2031):
    document = DocumentFactory()
    before = Page.objects.count()
    response = admin_client.post(
        add_page_url(ResourceIndexPage, year_2031),
        resources_form(
            resources=[{"title": "Both", "kind": "tool", "link": "https://example.org/", "document": str(document.pk)}]
        ),
    )
    assert response.status_code == 200
    assert "Give a link or a document, not both" in response.content.decode()
    assert Page.objects.count() == before
    assert not Resource.objects.filter(title="Both").exists()


def test_one_resources_page_per_year_and_only_under_a_year(demo, year_2031):
    assert not ResourceIndexPage.can_create_at(CampaignYearPage.objects.get(year=2017)), "2017 has one already"
    assert ResourceIndexPage.can_create_at(year_2031)
    assert not ResourceIndexPage.can_create_at(demo)
    assert ResourceIndexPage.allowed_subpage_models() == []


def test_empty_resources_page_says_so(client, year_2031):
    page = ResourceIndexPageFactory(parent=year_2031)
    assert "No resources have been added for this year yet." in text_of(client, page.url)
