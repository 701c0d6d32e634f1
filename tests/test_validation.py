"""Every rule on years, days and events refuses bad data in the page editor, with a
message an editor understands, and nothing is saved."""

import datetime

import pytest

from django.core.exceptions import ValidationError

from wagtail.models import Page

from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.blocks import CallToActionBlock
from home.models import HomePage
from tests.admin_forms import add_page_url, day_form, edit_page_url, event_form, year_form
from tests.factories import CampaignYearPageFactory, ProgrammeDayPageFactory


def errors_in(response) -> str:
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.content.decode()


# --- Years ---------------------------------------------------------------------------
def test_editor_can_create_a_year(admin_client, demo):
    home = HomePage.objects.get()
    response = admin_client.post(add_page_url(CampaignYearPage, home), year_form())
    assert response.status_code == 302
    year = CampaignYearPage.objects.get(year=2031)
    assert year.slug == "2031", "a year's address is its number"
    assert year.status(datetime.date(2031, 11, 18)) == "live"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_date": "2031-11-10"}, "The week must end on or after the day it starts."),
        ({"start_date": "2030-11-17"}, "The week of 2031 must start in 2031."),
        (
            {"year": "2017", "start_date": "2017-11-20", "end_date": "2017-11-26"},
            "There is already a page for this year.",
        ),
        ({"hashtag": "CoProWeekScot"}, "Enter a hashtag that starts with #"),
        ({"end_date": "2032-01-30"}, "A campaign week can run for at most a month."),
    ],
)
def test_year_rules(admin_client, demo, fields, message):
    home = HomePage.objects.get()
    before = Page.objects.count()
    response = admin_client.post(add_page_url(CampaignYearPage, home), year_form(**fields))
    assert message in errors_in(response).replace("&#x27;", "'")
    assert Page.objects.count() == before


def test_year_dates_cannot_leave_days_outside(admin_client, demo):
    year = CampaignYearPage.objects.get(year=2017)
    response = admin_client.post(
        edit_page_url(year),
        year_form(title=year.title, year="2017", start_date="2017-11-28", end_date="2017-12-03"),
    )
    html = errors_in(response)
    assert "These programme days would fall outside the new dates: Day 1: Monday 27 November" in html
    year.refresh_from_db()
    assert year.start_date == datetime.date(2017, 11, 27)


# --- Days ----------------------------------------------------------------------------
def test_editor_can_add_a_day_and_its_address_comes_from_the_date(admin_client, home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    response = admin_client.post(add_page_url(ProgrammeDayPage, year), day_form(title="Day 2", date="2031-11-21"))
    assert response.status_code == 302
    day = ProgrammeDayPage.objects.child_of(year).get()
    assert day.url == "/2031/friday-21-november/"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2031-11-16",
            "Sunday 16 November 2031 is outside Co-production Week Scotland 2031, which runs 20 – 26 November",
        ),
        ("2031-11-27", "Thursday 27 November 2031 is outside"),
        ("2031-11-20", "Co-production Week Scotland 2031 already has a page for Thursday 20 November."),
    ],
)
def test_day_rules(admin_client, home_page, date, message):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 11, 20))
    before = Page.objects.count()
    response = admin_client.post(add_page_url(ProgrammeDayPage, year), day_form(date=date))
    assert message in errors_in(response)
    assert Page.objects.count() == before


def test_day_date_change_moves_its_events(demo):
    day = ProgrammeDayPage.objects.get(date=datetime.date(2017, 12, 1))
    day.date = datetime.date(2017, 12, 2)
    day.save()
    assert set(EventPage.objects.child_of(day).values_list("date", flat=True)) == {datetime.date(2017, 12, 2)}


# --- Events --------------------------------------------------------------------------
def test_editor_can_add_an_event_on_its_days_date(admin_client, demo):
    day = ProgrammeDayPage.objects.get(date=datetime.date(2017, 11, 28))
    response = admin_client.post(
        add_page_url(EventPage, day),
        event_form(title="Lunchtime chat", start_time="12:00", end_time="13:00", town="Perth"),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(title="Lunchtime chat")
    assert event.date == day.date
    assert event.when_in_words == "Tuesday 28 November 2017, 12:00–13:00"
    assert event.start.isoformat() == "2017-11-28T12:00:00+00:00"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start_time": "14:00", "end_time": "13:00"}, "The event must end after it starts."),
        ({"start_time": "14:00", "end_time": "14:00"}, "The event must end after it starts."),
        ({"end_time": "13:00"}, "Give a start time as well as an end time."),
        ({"online_link": "https://meet.example.org/x"}, "This event has a link to join online"),
        ({"online_link": "not a url", "attendance_mode": "online"}, "Enter a valid URL."),
        ({"hashtag": "#two words"}, "Enter a hashtag that starts with #"),
    ],
)
def test_event_rules(admin_client, demo, fields, message):
    day = ProgrammeDayPage.objects.get(date=datetime.date(2017, 11, 28))
    before = Page.objects.count()
    response = admin_client.post(add_page_url(EventPage, day), event_form(**fields))
    assert message in errors_in(response).replace("&#x27;", "'")
    assert Page.objects.count() == before


def test_event_times_are_scottish_local_time_across_the_clock_change(home_page):
    from tests.factories import EventPageFactory

    year = CampaignYearPageFactory(
        parent=home_page, year=2031, start_date=datetime.date(2031, 3, 24), end_date=datetime.date(2031, 3, 31)
    )
    before = EventPageFactory(parent=ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 3, 29)))
    after = EventPageFactory(parent=ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 3, 31)))
    assert before.start.utcoffset() == datetime.timedelta(0)  # GMT
    assert after.start.utcoffset() == datetime.timedelta(hours=1)  # BST


def test_moving_an_event_to_another_day_takes_that_days_date(demo):
    event = EventPage.objects.get(title="Power, Health and Social Justice")
    friday = ProgrammeDayPage.objects.get(date=datetime.date(2017, 12, 1))
    event.move(friday, pos="last-child")
    event.refresh_from_db()
    assert event.date == friday.date


# --- Blocks --------------------------------------------------------------------------
def test_call_to_action_needs_exactly_one_destination(demo):
    block = CallToActionBlock()
    page = Page.objects.get(url_path="/home/2017/")
    for value in ({"text": "Go", "page": None, "url": ""}, {"text": "Go", "page": page, "url": "https://x.org"}):
        with pytest.raises(ValidationError) as caught:
            block.clean(block.to_python({**value, "page": value["page"].pk if value["page"] else None}))
        assert "one of the two" in str(caught.value.block_errors["page"])
    assert block.clean(block.to_python({"text": "Go", "page": page.pk, "url": ""}))["page"].pk == page.pk
