"""A year in numbers: counted from the content, shown on the year page with charts whose
tables carry the same numbers, and compared side by side in the admin."""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
import time_machine

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage, EventPage
from core.privacy import private_paths
from submissions.models import submission_models
from tests.factories import (
    AddEventFormPageFactory,
    BlogIndexPageFactory,
    BlogPostPageFactory,
    CampaignYearPageFactory,
    EventPageFactory,
    EventSubmissionFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
)
from yearly.numbers import MEASURES, numbers_for, story_model


class NumbersReader(HTMLParser):
    """The headline numbers (<dt>/<dd>) and each chart's table, as a reader meets them."""

    def __init__(self):
        super().__init__()
        self.headline, self.tables, self.svg_bars = {}, {}, []
        self._stack, self._text, self._label, self._caption, self._row = [], "", None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append(tag)
        if tag in ("dt", "caption", "th", "td") or (tag == "span" and attrs.get("class") == "year-numbers__value"):
            self._text = ""
        if tag == "tr":
            self._row = []
        if tag == "rect" and attrs.get("class") == "bar-chart__bar":
            self.svg_bars.append(int(attrs["width"]))

    def handle_endtag(self, tag):
        text = " ".join(self._text.split())
        if tag == "dt":
            self._label = text
        elif tag == "span" and self._label and self._label not in self.headline:
            self.headline[self._label] = int(text) if text.isdigit() else text
        elif tag == "caption":
            self._caption = text
            self.tables[text] = {}
        elif tag in ("th", "td"):
            self._row.append(text)
        elif tag == "tr" and self._caption and len(self._row) == 2 and self._row[1].isdigit():
            self.tables[self._caption][self._row[0]] = int(self._row[1])
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        self._text += data


def read_numbers(client, url):
    reader = NumbersReader()
    reader.feed(client.get(url).content.decode())
    return reader


def expected_for(year):
    """The numbers counted the long way, page by page."""
    events = EventPage.objects.descendant_of(year).live().public()
    posts = BlogPostPage.objects.descendant_of(year).live().public()
    organisations = {host.organisation_id for event in events for host in event.hosts.all()}
    organisations |= {
        a.person.organisation_id for post in posts for a in post.authors.all() if a.person.organisation_id
    }
    stories = story_model()
    return {
        "Events": events.count(),
        "Organisations taking part": len(organisations),
        "Council areas reached": len({e.council_area for e in events if e.council_area}),
        "Twitter chats": events.filter(kind="twitter-chat").count(),
        "Blog posts": posts.count(),
        "Stories": stories.objects.filter(campaign_year=year).count() if stories else 0,
        "Submissions received": sum(m.objects.filter(campaign_year=year).count() for m in submission_models()),
    }


def test_2017_numbers_match_its_content(client, demo):
    year = CampaignYearPage.objects.get(year=2017)
    expected = expected_for(year)
    assert expected == {
        "Events": 9,
        "Organisations taking part": 12,
        "Council areas reached": 1,
        "Twitter chats": 4,
        "Blog posts": 7,
        "Stories": 0,
        "Submissions received": 0,
    }
    page = read_numbers(client, "/2017/")
    assert page.headline == expected
    assert page.tables["Events per day"] == {
        "Day 1: Monday 27 November": 2,
        "Day 2: Tuesday 28 November": 1,
        "Day 3: Wednesday 29 November": 2,
        "Day 4: Thursday 30 November": 2,
        "Day 5: Friday 1 December": 2,
        "Total": 9,
    }
    assert page.tables["Events per council area"] == {
        "Argyll and Bute": 1,
        "Online": 4,
        "Place not recorded": 4,
        "Total": 9,
    }


def test_an_announcement_year_shows_no_numbers_yet(client, demo):
    html = client.get("/2018/").content.decode()
    assert "in numbers" not in html
    assert numbers_for([CampaignYearPage.objects.get(year=2018)])[0].is_empty


@pytest.fixture
def generated_year(home_page):
    """2031 (Thursday 20 – Wednesday 26 November): three days, ten events in three council
    areas, online and unrecorded places, drafts and private pages that must not count."""
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    days = [
        ProgrammeDayPageFactory(parent=year, date=year.start_date + datetime.timedelta(days=i), title=f"Day {i + 1}")
        for i in range(3)
    ]
    glasgow, fife, shared = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for _ in range(3):
        EventPageFactory(parent=days[0], council_area="glasgow-city", hosts=[glasgow, shared])
    EventPageFactory(parent=days[0], council_area="fife", hosts=[fife])
    EventPageFactory(parent=days[1], council_area="fife", kind="twitter-chat", attendance_mode="mixed")
    EventPageFactory(parent=days[1], council_area="", kind="twitter-chat", attendance_mode="online")
    EventPageFactory(parent=days[1], council_area="", town="", kind="webinar", attendance_mode="online")
    EventPageFactory(parent=days[1], council_area="", town="")
    EventPageFactory(parent=days[1], council_area="highland", hosts=[OrganisationFactory()])
    EventPageFactory(parent=days[1], council_area="highland", live=False, title="A draft event")
    private = EventPageFactory(parent=days[1], council_area="orkney-islands", title="A private event")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    blog = BlogIndexPageFactory(parent=year)
    writer = PersonFactory()  # works for a fourth organisation
    BlogPostPageFactory(parent=blog, authors=[writer, PersonFactory(organisation=glasgow)])
    BlogPostPageFactory(parent=blog, authors=[writer])
    BlogPostPageFactory(parent=blog, authors=[PersonFactory()], live=False)
    form = AddEventFormPageFactory(parent=year)
    for _ in range(4):
        EventSubmissionFactory(form_page=form)
    return year


def test_generated_year_numbers_match_its_content(client, generated_year):
    numbers = numbers_for([generated_year])[0]
    expected = {
        "events": 9,  # not the draft, not the private one
        "organisations": 5,  # glasgow, fife, shared, the highland host, the writer's; not the draft post's
        "council_areas": 3,  # glasgow-city, fife, highland
        "twitter_chats": 2,
        "blog_posts": 2,
        "stories": 0,
        "submissions": 4,
    }
    assert {name: getattr(numbers, name) for name, _, _ in MEASURES} == expected
    assert {label: value for label, value, _ in numbers.headline()} == expected_for(generated_year)
    assert [(bar.label, bar.value) for bar in numbers.events_per_day] == [("Day 1", 4), ("Day 2", 5), ("Day 3", 0)]
    assert [(bar.label, bar.value) for bar in numbers.events_per_area] == [
        ("Glasgow City", 3),
        ("Fife", 2),
        ("Highland", 1),
        ("Online", 2),
        ("Place not recorded", 1),
    ]


def test_the_charts_tables_carry_the_same_numbers_as_the_bars(client, generated_year):
    page = read_numbers(client, "/2031/")
    numbers = numbers_for([generated_year])[0]
    day_table = {bar.label: bar.value for bar in numbers.events_per_day} | {"Total": 9}
    area_table = {bar.label: bar.value for bar in numbers.events_per_area} | {"Total": 9}
    assert page.tables["Events per day"] == day_table
    assert page.tables["Events per council area"] == area_table
    # Each bar's length is its share of the longest, in the chart's 540 units.
    bars = [*numbers.events_per_day, *numbers.events_per_area]
    most_day = max(b.value for b in numbers.events_per_day)
    most_area = max(b.value for b in numbers.events_per_area)
    widths = [round(b.value / most_day * 540) for b in numbers.events_per_day]
    widths += [round(b.value / most_area * 540) for b in numbers.events_per_area]
    assert page.svg_bars == [max(w, 2) if b.value else 0 for w, b in zip(widths, bars, strict=True)]
    html = client.get("/2031/").content.decode()
    assert 'role="img" aria-labelledby="events-per-day-2031-title events-per-day-2031-desc"' in html
    assert '<desc id="events-per-day-2031-desc">9 events in 3 bars; the most, 5, for Day 2.' in html
    assert (
        "<script"
        not in html[html.index('class="year-numbers"') : html.index("</section>", html.index('class="year-numbers"'))]
    )


def test_the_numbers_say_so_far_until_the_week_is_over_without_an_edit(client, generated_year):
    # The year's numbers and charts are kept until content changes; a week ending is
    # not an edit, and the next view must still stop calling them "so far".
    # The last minutes of the week (Wednesday 26 November 2031), then just after it.
    with time_machine.travel(datetime.datetime(2031, 11, 26, 23, 58, tzinfo=datetime.UTC), tick=False):
        assert "So far" in client.get("/2031/").content.decode()
    with time_machine.travel(datetime.datetime(2031, 11, 27, 0, 1, tzinfo=datetime.UTC), tick=False):
        html = client.get("/2031/").content.decode()
        assert read_numbers(client, "/2031/").headline == expected_for(generated_year)
    assert "So far" not in html


def test_numbers_take_the_same_queries_for_few_or_many_years_and_events(home_page, demo):
    def queries(years):
        # The list of private sections is kept in the cache; read it first so that only
        # the numbers' own queries are counted.
        private_paths()
        with CaptureQueriesContext(connection) as captured:
            numbers_for(years)
        return len(captured)

    year = CampaignYearPageFactory(parent=home_page, year=2031)
    day = ProgrammeDayPageFactory(parent=year)
    blog = BlogIndexPageFactory(parent=year)
    EventPageFactory(parent=day, hosts=[OrganisationFactory()])
    one = queries([year])
    for _ in range(12):
        EventPageFactory(parent=day, hosts=[OrganisationFactory(), OrganisationFactory()])
        BlogPostPageFactory(parent=blog, authors=[PersonFactory()])
    assert queries([year]) == one
    assert queries(list(CampaignYearPage.objects.all())) == one


# --- The admin report -----------------------------------------------------------------------
REPORT = "/admin/reports/years-in-numbers/"


def test_the_report_compares_years_side_by_side(admin_client, demo):
    html = admin_client.get(REPORT).content.decode()
    table = html[html.index('<table class="listing">') :]
    head = table[: table.index("</thead>")]
    assert head.index(">2017<") < head.index(">2018<"), "oldest on the left"
    assert '<tr><th scope="row">Events</th><td>9</td><td>0</td></tr>' in html
    assert '<tr><th scope="row">Organisations taking part</th><td>12</td><td>0</td></tr>' in html
    assert "Download as CSV" in html


def test_the_report_downloads_as_csv_with_the_same_numbers(admin_client, demo):
    response = admin_client.get(REPORT + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="coproweek-years-in-numbers-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    table = {row[0]: row[1:] for row in rows}
    assert table[""] == ["2017", "2018"]
    assert table["Status"] == ["Archive", "Archive"]
    numbers = numbers_for(CampaignYearPage.objects.order_by("year"))
    for name, label, _ in MEASURES:
        assert table[label] == [str(getattr(n, name)) for n in numbers], label


def test_the_report_is_in_the_reports_menu_for_staff_only(client, admin_client, demo, moderator, guest_a):
    assert REPORT in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(moderator)
    assert client.get(REPORT).status_code == 200
    client.force_login(guest_a)
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(REPORT)["Location"] == reverse("wagtailadmin_home")
