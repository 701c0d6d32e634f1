"""What keeps a page cheap when the full-page cache cannot answer (a signed-in editor, a
form, the first view after a publish): routing in two queries, the site remembered per
process, counted numbers kept until content changes, and filter drop-downs written
without a template per option. Each must still show every change at once."""

import pytest

from django import forms
from django.core.cache import cache
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from wagtail.models import Page, Site

from campaign.forms import CalendarFilterForm
from campaign.models import EventPage, ProgrammeDayPage
from core.models import Organisation
from core.page_cache import current_generation
from core.text import truncated
from core.widgets import FixedChoices, LongListSelect
from tests.factories import EventPageFactory, StandardPageFactory
from tests.responses import html_of

# Every request here is rendered: the point is what happens without the page cache.
pytestmark = pytest.mark.usefixtures("page_cache_off")


# --- Routing ----------------------------------------------------------------------------
def test_every_page_of_the_demo_is_found_at_its_address(demo, client):
    for page in Page.objects.live().filter(depth__gt=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.context["page"].pk == page.pk, page.url


def test_a_deep_address_costs_fewer_queries_than_walking_the_tree(demo, client):
    event = EventPage.objects.live().filter(date__year=2017).first()
    assert event.depth == 5  # home / year / day / event
    client.get(event.url)  # settings rows, renditions: made once
    with CaptureQueriesContext(connection) as queries:
        client.get(event.url)
    page_lookups = [q["sql"] for q in queries if 'FROM "wagtailcore_page"' in q["sql"]]
    # The walk: site root, each level's page and its type (2 x 3), the year, the breadcrumbs.
    assert len(page_lookups) <= 4, page_lookups


def test_unknown_unpublished_and_half_right_addresses_are_not_found(demo, client):
    event = EventPage.objects.live().filter(date__year=2017).first()
    assert client.get(event.url + "no-such-page/").status_code == 404
    assert client.get("/2017/no-such-day/" + event.slug + "/").status_code == 404
    assert client.get("/1999/blog/").status_code == 404
    event.unpublish()
    assert client.get(event.url).status_code == 404


def test_a_page_that_routes_its_own_addresses_still_gets_them(demo, client, story_form):
    # The story form's thank-you page is an address of the form page, not a child page.
    thanks = story_form.url + story_form.reverse_subpage("thank_you")
    assert thanks.count("/") >= 4
    response = client.get(thanks)
    assert response.status_code == 200
    assert response.context["page"].pk == story_form.pk
    assert client.get(story_form.url + "no-such-part/").status_code == 404


def test_a_page_under_a_renamed_parent_is_found_at_its_new_address_only(demo, client, home_page):
    about = StandardPageFactory(parent=home_page, title="Our story", slug="our-story-so-far")
    history = StandardPageFactory(parent=about, title="Our history", slug="history")
    grandchild = StandardPageFactory(parent=history, title="The first week", slug="first-week")
    assert client.get("/our-story-so-far/history/first-week/").status_code == 200
    about.slug = "our-story"
    about.save_revision().publish()
    response = client.get("/our-story/history/first-week/")
    assert response.status_code == 200
    assert response.context["page"].pk == grandchild.pk
    assert client.get("/our-story-so-far/history/first-week/").status_code == 404


# --- The site, remembered per process ----------------------------------------------------
def test_the_site_is_not_asked_for_again_on_every_request(demo, client):
    client.get("/robots.txt")
    with CaptureQueriesContext(connection) as queries:
        client.get("/robots.txt")
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]


def test_editing_the_site_reaches_the_next_request(demo, client, home_page):
    client.get("/")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed network site"
    site.save()
    assert Site.find_for_request(client.get("/").wsgi_request).site_name == "Renamed network site"


def test_the_network_settings_are_not_asked_for_again_on_every_page(demo, client):
    # Two addresses of one page that the page cache keeps apart: each is rendered.
    client.get("/about/?first")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/about/?second").content.decode()
    assert "organised by the <a href" in html
    assert not [q for q in queries if "core_sitesettings" in q["sql"]]


def test_editing_the_network_settings_reaches_the_next_page(demo, client):
    from core.models import SiteSettings

    client.get("/about/?before")
    network = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    network.network_name = "Renamed Co-production Network"
    network.contact_email = "hello@renamed.example"
    network.save()
    html = client.get("/about/?after").content.decode()
    assert "Renamed Co-production Network</a>" in html
    assert "mailto:hello@renamed.example" in html


def test_made_up_host_names_are_not_remembered(demo, client, settings):
    from core import sites

    settings.ALLOWED_HOSTS = ["localhost"]
    client.get("/robots.txt", HTTP_HOST="localhost")
    client.get("/robots.txt", HTTP_HOST="made-up-1.example")
    client.get("/robots.txt", HTTP_HOST="made-up-2.example")
    remembered = {hostname for hostname, _port in sites._remembered._values}
    assert "localhost" in remembered
    assert not remembered & {"made-up-1.example", "made-up-2.example"}


def test_emptying_the_cache_starts_a_generation_never_used_before(db, settings, tmp_path):
    """Where the generation lives in the shared cache (Redis; a file-based cache here)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path}
    }
    before = current_generation()
    cache.clear()
    assert current_generation() != before


# --- A year's numbers --------------------------------------------------------------------
def test_a_newly_published_event_is_counted_on_the_next_view(demo, client):
    def events_counted(html: str) -> int:
        numbers = html.split('id="numbers-heading"', 1)[1]
        events = numbers.split("<dt>Events</dt>", 1)[1]
        return int(events.split('class="year-numbers__value">', 1)[1].split("<", 1)[0])

    before = events_counted(html_of(client, "/2017/"))
    day = ProgrammeDayPage.objects.live().filter(date__year=2017).first()
    EventPageFactory(parent=day, title="A late addition")
    assert events_counted(html_of(client, "/2017/")) == before + 1


# --- Long drop-downs ---------------------------------------------------------------------
def test_a_long_list_select_writes_what_djangos_select_writes():
    choices = [
        ("", gettext_lazy("Any organisation")),
        (1, "Fife Council"),
        (2, 'A "quoted" & <b>bold</b> name'),
        (3, mark_safe("Already <em>safe</em>")),
        ("it's", "Ben & Jerry's"),
    ]
    attrs = {"id": "id_host", "aria-describedby": "id_host_helptext"}
    ours = LongListSelect(choices=choices).render("host", 2, attrs=attrs)
    djangos = forms.Select(choices=choices).render("host", 2, attrs=attrs)
    assert parse_html(ours) == parse_html(djangos)  # attributes in any order
    assert '<option value="2" selected>A &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; name</option>' in ours
    assert '<option value="3">Already <em>safe</em></option>' in ours


def test_fixed_choices_are_written_once_and_each_form_marks_its_own_choice():
    choices = FixedChoices([("", "Any organisation"), (1, "One"), (10, "Ten"), (11, "Eleven & co")])
    select = LongListSelect(choices=choices)
    ten = select.render("host", 10)
    assert '<option value="10" selected>Ten</option>' in ten
    assert '<option value="1">One</option>' in ten  # "1" is not "10"
    assert ten.count(" selected") == 1
    nothing = select.render("host", None)
    assert '<option value="" selected>Any organisation</option>' in nothing
    assert nothing.count(" selected") == 1
    assert parse_html(select.render("host", 11)) == parse_html(forms.Select(choices=list(choices)).render("host", 11))
    assert "selected" not in choices.options_markup()  # no form's choice is left behind


def test_forms_share_their_fixed_choices_instead_of_copying_them():
    hosts = FixedChoices([("", "Any organisation"), (1, "One"), (2, "Two")])
    first, second = CalendarFilterForm({}, host_choices=hosts), CalendarFilterForm({"host": "2"}, host_choices=hosts)
    assert first.fields["host"].choices is hosts
    assert second.fields["host"].widget.choices is hosts
    assert first.fields["kind"].choices is second.fields["kind"].choices
    assert second.choose() == {"host": 2}
    assert CalendarFilterForm({"host": "3"}, host_choices=hosts).choose() == {}
    with pytest.raises(ValueError, match="option groups"):
        FixedChoices([("Group", [(1, "One")])])


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 5),
        ("Short enough", 12),
        ("Cut one character past the end", 29),
        ("A description far longer than the limit allows", 20),
        ("Caf\u00e9 society and cre\u0300me br\u00fbl\u00e9e for everyone who comes", 20),
        ("e\u0301" * 30, 10),
        ("Any text", 1),
        ("Any text", 0),
    ],
)
def test_text_is_cut_exactly_as_djangos_truncator_cuts_it(text, length):
    from django.utils.text import Truncator

    assert truncated(text, length) == Truncator(text).chars(length)


def test_the_filters_kept_rendered_show_each_readers_own_choice_and_any_new_host(demo, client):
    hosts = list(Organisation.objects.filter(hosted_events__page__date__year=2017).distinct().order_by("name")[:2])
    for host in [*hosts, hosts[0]]:
        html = html_of(client, f"/2017/calendar/?host={host.pk}")
        assert f'<option value="{host.pk}" selected>' in html
        assert html.count(" selected>") == 4, "one choice in each of the four drop-downs"
    for _ in range(2):
        assert "That choice is not in the list; it was ignored." in html_of(client, "/2017/calendar/?host=999999")
    assert "That choice is not in the list" not in html_of(client, "/2017/calendar/")

    day = ProgrammeDayPage.objects.live().filter(date__year=2017).first()
    newcomer = Organisation.objects.create(name="Kelpie Collective", council_area="falkirk")
    EventPageFactory(parent=day, hosts=[newcomer])
    assert f'<option value="{newcomer.pk}">Kelpie Collective</option>' in html_of(client, "/2017/calendar/")
    assert f'<option value="{newcomer.pk}" selected>' in html_of(client, f"/2017/calendar/?host={newcomer.pk}")


def test_the_calendar_filter_lists_every_host_and_keeps_the_choice(demo, client):
    host = Organisation.objects.filter(hosted_events__isnull=False).order_by("name").first()
    html = html_of(client, f"/2017/calendar/?host={host.pk}")
    assert f'<option value="{host.pk}" selected>{escape(host.name)}</option>' in html
    hosts = CalendarFilterForm.host_choices_for(EventPage.objects.filter(date__year=2017))
    form = CalendarFilterForm({}, host_choices=hosts)
    assert len(form.fields["host"].choices) > 2
    for pk, _name in form.fields["host"].choices[1:]:
        assert f'<option value="{pk}"' in html
