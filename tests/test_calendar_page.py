"""The year's calendar: every event grouped by day, filters that work without
JavaScript in a shareable address, a count, an empty state, pages of results, and a
fixed number of queries however many events there are."""

import datetime
import html
import re
from itertools import combinations

import pytest

from campaign.models import CalendarPage, CampaignYearPage, EventPage, ProgrammeDayPage
from submissions.models import AddEventFormPage
from tests.factories import (
    CalendarPageFactory,
    CampaignYearPageFactory,
    EventPageFactory,
    OrganisationFactory,
    ProgrammeDayPageFactory,
)
from tests.test_query_counts import QUERY_BOUND, count_queries

CALENDAR = "/2031/calendar/"


def words(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def listed(response) -> list[str]:
    """Event titles in the order the calendar lists them."""
    page = response.content.decode()
    return [html.unescape(t) for t in re.findall(r'<h4 class="card__title"><a href="[^"]+">([^<]+)</a></h4>', page)]


@pytest.fixture
def programme(home_page):
    """2031: four events over two days, with every combination the filters tell apart."""
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    thursday = ProgrammeDayPageFactory(parent=year, title="Day 1: Thursday 20 November")
    friday = ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 11, 21), title="Day 2: Friday 21 November")
    CalendarPageFactory(parent=year)
    fife, network = OrganisationFactory(name="Fife Voices"), OrganisationFactory(name="The Network")
    EventPageFactory(
        parent=thursday, title="Fife workshop", kind="workshop", town="Kirkcaldy", council_area="fife", hosts=[fife]
    )
    EventPageFactory(
        parent=thursday,
        title="Lunchtime chat",
        kind="twitter-chat",
        attendance_mode="online",
        town="",
        council_area="",
        start_time=datetime.time(12),
        end_time=datetime.time(13),
        hosts=[network],
    )
    EventPageFactory(
        parent=friday,
        title="Glasgow gathering",
        kind="networking",
        attendance_mode="mixed",
        online_link="https://meet.example.org/g",
        hosts=[network, fife],
    )
    EventPageFactory(parent=friday, title="Evening webinar", kind="webinar", attendance_mode="online", hosts=[network])
    return {"year": year, "fife": fife, "network": network}


# By day, then start time, then title.
ALL = ["Fife workshop", "Lunchtime chat", "Evening webinar", "Glasgow gathering"]


def test_every_event_grouped_by_day_in_time_order(client, programme):
    response = client.get(CALENDAR)
    text = words(response)
    assert "4 events" in text
    assert listed(response) == ALL
    thursday, friday = text.index("Day 1: Thursday 20 November"), text.index("Day 2: Friday 21 November")
    assert thursday < text.index("Fife workshop") < text.index("Lunchtime chat") < friday
    assert friday < text.index("Glasgow gathering")
    assert 'href="/2031/thursday-20-november/">Day 1: Thursday 20 November' in response.content.decode()


def filters_for(programme) -> dict:
    return {
        "kind": ("workshop", ["Fife workshop"]),
        "area": ("fife", ["Fife workshop"]),
        "mode=online": ("online", ["Lunchtime chat", "Glasgow gathering", "Evening webinar"]),
        "mode=in-person": ("in-person", ["Fife workshop", "Glasgow gathering"]),
        "host": (str(programme["fife"].pk), ["Fife workshop", "Glasgow gathering"]),
    }


def query(name: str, value: str) -> tuple[str, str]:
    return (name.split("=")[0], value)


def test_each_filter_on_its_own(client, programme):
    for name, (value, expected) in filters_for(programme).items():
        response = client.get(CALENDAR, dict([query(name, value)]))
        assert listed(response) == [title for title in ALL if title in expected], name
        n = len(expected)
        assert f"{n} event{'s' if n > 1 else ''} match{'es' if n == 1 else ''} your filters" in words(response), name


def test_every_combination_of_filters(client, programme):
    filters = filters_for(programme)
    for size in range(2, len(filters) + 1):
        for chosen in combinations(filters, size):
            params = dict(query(name, filters[name][0]) for name in chosen)
            if len(params) < size:
                continue  # two values for "mode" cannot be chosen at once
            expected = [title for title in ALL if all(title in filters[name][1] for name in chosen)]
            response = client.get(CALENDAR, params)
            assert listed(response) == expected, params
            if not expected:
                assert "No events match these filters." in words(response), params


def test_the_filtered_address_can_be_shared_and_shows_its_choices(client, programme):
    host = programme["network"].pk
    address = f"{CALENDAR}?kind=twitter-chat&area=&mode=online&host={host}"
    page = client.get(address).content.decode()
    assert '<option value="twitter-chat" selected>Twitter chat</option>' in page
    assert '<option value="online" selected>Online</option>' in page
    assert f'<option value="{host}" selected>The Network</option>' in page
    assert 'method="get" action="/2031/calendar/"' in page
    assert listed(client.get(address)) == ["Lunchtime chat"]
    assert "<title>1 matching event: Calendar" in page


def test_the_host_filter_offers_only_this_years_hosts(client, programme, demo):
    page = client.get(CALENDAR).content.decode()
    hosts = re.search(r'<select name="host".*?</select>', page, re.DOTALL).group(0)
    assert re.findall(r">([^<]+)</option>", hosts) == ["Any organisation", "Fife Voices", "The Network"]


def test_no_match_has_a_clear_empty_state(client, programme):
    response = client.get(CALENDAR, {"kind": "film"})
    text = words(response)
    assert "No events" in text
    assert "No events match these filters. Try fewer filters, or see every event" in text
    assert 'href="/2031/calendar/">see every event</a>' in response.content.decode()


def test_a_value_not_in_a_list_is_ignored_and_said_so(client, programme):
    response = client.get(CALENDAR, {"kind": "party", "area": "fife"})
    assert listed(response) == ["Fife workshop"]
    assert "That choice is not in the list; it was ignored." in words(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert listed(client.get(CALENDAR, {"host": "not-a-number"})) == ALL


def test_a_year_without_events_says_so(client, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    CalendarPageFactory(parent=year)
    assert "No events are listed yet." in words(client.get(CALENDAR))


def test_a_calendar_invites_events_while_the_year_is_open(client, programme, demo):
    from tests.factories import AddEventFormPageFactory

    AddEventFormPageFactory(parent=programme["year"])
    assert "Tell us about your event" in words(client.get(CALENDAR))
    assert "Tell us about your event" not in words(client.get("/2017/calendar/"))


def test_long_calendars_come_in_pages_that_keep_the_filters(client, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    CalendarPageFactory(parent=year)
    for i in range(55):
        EventPageFactory(parent=day, title=f"Workshop {i:02}", kind="workshop", start_time=datetime.time(9, i))
    first = client.get(CALENDAR, {"kind": "workshop"})
    assert len(listed(first)) == 50
    assert "55 events match your filters" in words(first)
    assert "Page 1 of 2" in words(first)
    assert 'href="?kind=workshop&amp;page=2" rel="next"' in first.content.decode()
    second = client.get(CALENDAR, {"kind": "workshop", "page": "2"})
    assert listed(second) == [f"Workshop {i:02}" for i in range(50, 55)]
    assert "Showing 51–55." in words(second)


def test_the_demo_calendar_lists_2017(client, demo):
    response = client.get("/2017/calendar/")
    assert (
        len(listed(response)) == EventPage.objects.live().descendant_of(CampaignYearPage.objects.get(year=2017)).count()
    )
    assert listed(client.get("/2017/calendar/", {"kind": "twitter-chat"})) == [
        "Twitter chat: What are the barriers that inequality of power brings?",
        "Twitter chat hosted by the H&SC Academy",
        "Twitter chat: How can we address power imbalances through co-production?",
        "Twitter chat: How do we ensure power is shared equally?",
    ]
    assert listed(client.get("/2017/calendar/", {"area": "argyll-and-bute"})) == [
        "Inspiralba networking event in Argyll"
    ]


def test_queries_do_not_grow_with_the_number_of_events(client, home_page):
    def measure(n):
        year = CampaignYearPageFactory(parent=home_page, year=2031)
        days = [
            ProgrammeDayPageFactory(parent=year, date=year.start_date + datetime.timedelta(days=i)) for i in range(3)
        ]
        CalendarPageFactory(parent=year)
        organisations = [OrganisationFactory() for _ in range(3)]
        for i in range(n):
            EventPageFactory(parent=days[i % 3], hosts=organisations[: 1 + i % 3], kind=("event", "workshop")[i % 2])
        filtered = f"{CALENDAR}?kind=workshop&mode=in-person&host={organisations[0].pk}&area=glasgow-city"
        return {
            "calendar": count_queries(client, CALENDAR),
            "filtered": count_queries(client, filtered),
            # With few events, page 2 is page 1 again.
            "page 2": count_queries(client, f"{CALENDAR}?page=2"),
            "feed": count_queries(client, "/calendar/2031.ics"),
        }

    few = measure(5)
    CampaignYearPage.objects.filter(year=2031).delete()
    many = measure(60)
    assert max(many.values()) <= QUERY_BOUND, many
    assert few == many


def test_calendar_and_form_pages_belong_under_a_year_once_each(demo):
    assert CalendarPage.allowed_parent_page_models() == [CampaignYearPage]
    assert AddEventFormPage.allowed_parent_page_models() == [CampaignYearPage]
    assert CalendarPage.allowed_subpage_models() == []
    assert AddEventFormPage.allowed_subpage_models() == []
    year_2017, year_2018 = CampaignYearPage.objects.get(year=2017), CampaignYearPage.objects.get(year=2018)
    for model in (CalendarPage, AddEventFormPage):
        assert model in CampaignYearPage.allowed_subpage_models()
        assert not model.can_create_at(year_2017), "2017 already has one"
        assert model.can_exist_under(year_2018)
        assert model not in ProgrammeDayPage.allowed_subpage_models()


@pytest.mark.parametrize(
    ("model", "fields", "rich"),
    [
        (CalendarPage, {"title": "Calendar", "social_image": ""}, ["intro"]),
        (
            AddEventFormPage,
            {"title": "Add your event", "notify_email": "events@example.org", "social_image": ""},
            ["intro", "thank_you_text"],
        ),
    ],
    ids=["calendar", "add your event"],
)
def test_editors_can_add_a_calendar_and_a_form_to_a_year_and_preview_them(admin_client, home_page, model, fields, rich):
    from tests.admin_forms import add_page_url, page_form

    year = CampaignYearPageFactory(parent=home_page, year=2031)
    data = page_form(fields, rich=rich)
    assert admin_client.get(add_page_url(model, year)).status_code == 200
    preview_url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{year.pk}/preview/"
    assert admin_client.post(preview_url, data).json()["is_valid"]
    preview = admin_client.get(preview_url)
    assert preview.status_code == 200
    assert f"<h1>{fields['title']}</h1>" in preview.content.decode()
    response = admin_client.post(add_page_url(model, year), {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    page = model.objects.child_of(year).get()
    assert admin_client.get(page.url).status_code == 200
