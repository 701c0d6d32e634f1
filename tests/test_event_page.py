"""An event page: when and where in words, "add to calendar", schema.org Event data,
and Twitter chats with their question and chosen responses."""

import datetime
import html
import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from campaign.models import EventPage
from tests.factories import (
    CampaignYearPageFactory,
    EventPageFactory,
    OrganisationFactory,
    ProgrammeDayPageFactory,
)


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def structured_data(response) -> dict:
    page = response.content.decode()
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert len(scripts) == 1
    return json.loads(scripts[0])


def link(response, name: str) -> dict:
    href = re.search(rf'<a href="([^"]+)"[^>]*>{re.escape(name)}</a>', response.content.decode()).group(1)
    parsed = urlparse(html.unescape(href))
    return {"host": parsed.netloc, "path": parsed.path, **{k: v[0] for k, v in parse_qs(parsed.query).items()}}


@pytest.fixture
def day(home_page):
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    return ProgrammeDayPageFactory(parent=year, date=datetime.date(2031, 11, 24))


# --- When, where and add to calendar ----------------------------------------------------
def test_an_event_says_when_and_where_in_words(client, day):
    event = EventPageFactory(
        parent=day,
        start_time=datetime.time(12),
        end_time=datetime.time(13),
        venue="The Lighthouse",
        town="Glasgow",
        hosts=[OrganisationFactory(name="Glasgow Voices", website="https://voices.example.org")],
        booking_link="https://tickets.example.org/x",
    )
    page = text(client.get(event.url))
    assert '<time datetime="2031-11-24T12:00:00+00:00">Monday 24 November 2031, 12:00–13:00</time>' in page
    assert "<dt>Where</dt><dd>The Lighthouse, Glasgow, Glasgow City</dd>" in page
    assert '<a href="https://voices.example.org">Glasgow Voices</a>' in page
    assert 'href="https://tickets.example.org/x">Book a place' in page


def test_add_to_calendar_offers_a_file_google_and_outlook(client, day):
    event = EventPageFactory(
        parent=day, title="Power & place", start_time=datetime.time(12), end_time=datetime.time(13)
    )
    response = client.get(event.url)
    assert f'<a href="{event.ics_url}" download>Download the event (.ics)</a>' in response.content.decode()
    assert client.get(event.ics_url).status_code == 200

    google = link(response, "Add to Google Calendar")
    assert google["host"] == "calendar.google.com"
    assert google["action"] == "TEMPLATE"
    assert google["text"] == "Power & place"
    assert google["dates"] == "20311124T120000/20311124T130000"
    assert google["ctz"] == "Europe/London"
    assert google["location"] == "Glasgow, Glasgow City"
    assert event.full_url in google["details"]

    outlook = link(response, "Add to Outlook.com")
    assert outlook["host"] == "outlook.live.com"
    assert outlook["subject"] == "Power & place"
    assert outlook["startdt"] == "2031-11-24T12:00:00+00:00"
    assert outlook["enddt"] == "2031-11-24T13:00:00+00:00"
    assert outlook["allday"] == "false"


def test_an_event_whose_time_was_never_announced_is_all_day_everywhere(client, day):
    event = EventPageFactory(parent=day, start_time=None, end_time=None)
    response = client.get(event.url)
    assert "Monday 24 November 2031</time> (time not announced)" in text(response)
    assert link(response, "Add to Google Calendar")["dates"] == "20311124/20311125"
    outlook = link(response, "Add to Outlook.com")
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == ("2031-11-24", "2031-11-25", "true")
    data = structured_data(response)
    assert (data["startDate"], data["endDate"]) == ("2031-11-24", "2031-11-24")


def test_summer_times_carry_the_summer_offset(client, home_page):
    year = CampaignYearPageFactory(
        parent=home_page, year=2031, start_date=datetime.date(2031, 6, 2), end_date=datetime.date(2031, 6, 8)
    )
    event = EventPageFactory(parent=ProgrammeDayPageFactory(parent=year), start_time=datetime.time(9, 30))
    response = client.get(event.url)
    assert link(response, "Add to Outlook.com")["startdt"] == "2031-06-02T09:30:00+01:00"
    assert link(response, "Add to Google Calendar")["dates"] == "20310602T093000/20310602T120000"
    assert structured_data(response)["startDate"] == "2031-06-02T09:30:00+01:00"


# --- schema.org Event ------------------------------------------------------------------
def test_structured_data_for_an_event_in_person(client, day):
    event = EventPageFactory(
        parent=day,
        title="Sharing power",
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        venue="Kirkcaldy Community Hall",
        town="Kirkcaldy",
        council_area="fife",
        description="<p>A workshop &amp; a lunch.</p><p>All welcome.</p>",
        hosts=[OrganisationFactory(name="Fife Voices", website="https://fife.example.org")],
    )
    data = structured_data(client.get(event.url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Sharing power"
    assert data["url"] == event.full_url
    assert data["startDate"] == "2031-11-24T10:00:00+00:00"
    assert data["endDate"] == "2031-11-24T12:00:00+00:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Kirkcaldy Community Hall",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "GB",
            "addressLocality": "Kirkcaldy",
            "addressRegion": "Fife",
        },
    }
    assert data["organizer"] == {"@type": "Organization", "name": "Fife Voices", "url": "https://fife.example.org"}
    assert data["description"] == "A workshop & a lunch.\n\nAll welcome."
    assert "image" not in data


def test_structured_data_for_online_and_mixed_events(client, day):
    online = EventPageFactory(
        parent=day, attendance_mode="online", online_link="https://meet.example.org/a", town="", council_area=""
    )
    data = structured_data(client.get(online.url))
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/a"}

    mixed = EventPageFactory(parent=day, attendance_mode="mixed", online_link="https://meet.example.org/b")
    data = structured_data(client.get(mixed.url))
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["addressLocality"] == "Glasgow"
    assert virtual == {"@type": "VirtualLocation", "url": "https://meet.example.org/b"}

    two_hosts = EventPageFactory(parent=day, hosts=[OrganisationFactory(name="A"), OrganisationFactory(name="B")])
    assert [o["name"] for o in structured_data(client.get(two_hosts.url))["organizer"]] == ["A", "B"]


def test_structured_data_gives_the_image_as_an_absolute_address(client, day):
    image = Image.objects.create(title="Hall", file=get_test_image_file(size=(1400, 900)))
    event = EventPageFactory(parent=day, image=image)
    data = structured_data(client.get(event.url))
    assert re.fullmatch(r"http://testserver/.+\.(png|webp|jpg)", data["image"]), data["image"]
    assert client.get(urlparse(data["image"]).path).status_code in (200, 404), "a rendition address"


def test_a_missing_image_file_leaves_the_image_out(client, day):
    image = Image.objects.create(title="Lost", file=get_test_image_file())
    image.file.storage.delete(image.file.name)
    event = EventPageFactory(parent=day, image=None, social_image=image)
    response = client.get(event.url)
    assert response.status_code == 200
    assert "image" not in structured_data(response)


def test_a_closing_script_tag_in_any_text_stays_inside_the_data(client, day):
    hostile = "Power </script><script>alert('x')</script> & <b>more</b>"
    event = EventPageFactory(
        parent=day,
        title=hostile,
        venue="</SCRIPT><img src=x onerror=alert(1)>",
        hosts=[OrganisationFactory(name="</script>Org")],
    )
    page = client.get(event.url).content.decode()
    head = page.split("</head>")[0]
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    # The data still reads back exactly.
    data = structured_data(client.get(event.url))
    assert data["name"] == hostile
    assert data["location"]["name"] == "</SCRIPT><img src=x onerror=alert(1)>"
    assert data["organizer"]["name"] == "</script>Org"
    assert "\\u003C/script\\u003E" in head


def test_the_demo_events_all_carry_valid_structured_data(client, demo):
    for event in EventPage.objects.live():
        data = structured_data(client.get(event.url))
        assert data["name"] == event.title
        assert data["startDate"].startswith(event.date.isoformat())
        assert data["location"]


# --- Twitter chats ---------------------------------------------------------------------
def chat_recap():
    return json.dumps(
        [
            {"type": "paragraph", "value": "<p>Over a hundred people joined in.</p>"},
            {
                "type": "response",
                "value": {
                    "quote": "Power is shared when decisions are.",
                    "author_handle": "@ScotCoPro",
                    "link": "https://twitter.com/ScotCoPro/status/1",
                },
            },
            {"type": "response", "value": {"quote": "Start by listening.", "author_handle": "@SCDC_Sam", "link": ""}},
        ]
    )


def test_a_twitter_chat_shows_its_question_host_time_and_chosen_responses(client, day):
    chat = EventPageFactory(
        parent=day,
        kind="twitter-chat",
        title="Twitter chat: sharing power",
        attendance_mode="online",
        town="",
        council_area="",
        start_time=datetime.time(12),
        end_time=datetime.time(13),
        question="How do we share power?",
        hashtag="#CoProWeekScot",
        hosts=[OrganisationFactory(name="Chat hosts network")],
        recap=chat_recap(),
    )
    response = client.get(chat.url)
    page = text(response)
    assert '<h2 id="question-heading">The question</h2>' in page
    assert "How do we share power?" in page
    assert "Monday 24 November 2031, 12:00–13:00" in page
    assert "Chat hosts network" in page
    assert "Over a hundred people joined in." in page
    responses = page[page.index('id="responses-heading"') :]
    assert "What people said in the chat" in responses
    assert "2 responses chosen by the team" in responses
    assert '<blockquote cite="https://twitter.com/ScotCoPro/status/1"><p>Power is shared when decisions are.</p>' in (
        responses
    )
    assert '<a href="https://twitter.com/ScotCoPro/status/1" rel="nofollow">@ScotCoPro' in responses
    assert "— @SCDC_Sam" in responses
    # Quoted, never embedded: no script or frame from anywhere else.
    assert not re.search(r"<script[^>]+src=\"https?://", page)
    assert "<iframe" not in page
    assert "platform.twitter.com" not in page


def test_an_upcoming_chat_says_how_to_take_part(client, day):
    chat = EventPageFactory(
        parent=day,
        kind="twitter-chat",
        question="Who holds power?",
        hashtag="#CoProWeekScot",
        start_time=None,
        end_time=None,
    )
    assert "To take part, post your answers with #CoProWeekScot during the chat." in words(client.get(chat.url))


def test_a_past_chat_does_not_ask_people_to_take_part(client, demo):
    chat = EventPage.objects.get(question="What are the barriers that inequality of power brings?")
    assert "To take part" not in text(client.get(chat.url))
