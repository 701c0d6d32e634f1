"""The demo reproduces the two source documents faithfully, on the right pages."""

import html as html_lib

import pytest

from wagtail.models import Page, Revision

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.demo.builder import DemoBuilder
from core.models import Organisation, Person


def text_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.content.decode())


def test_load_demo_twice_changes_nothing(demo):
    counts = (Page.objects.count(), Revision.objects.count(), Organisation.objects.count(), Person.objects.count())
    created = DemoBuilder().build()
    assert created == {"pages": 0, "organisations": 0, "people": 0}
    assert counts == (
        Page.objects.count(),
        Revision.objects.count(),
        Organisation.objects.count(),
        Person.objects.count(),
    )


def test_load_demo_management_command_is_idempotent(db):
    from django.core.management import call_command

    call_command("load_demo")
    pages = Page.objects.count()
    call_command("load_demo")
    assert Page.objects.count() == pages


def test_2017_year_facts(client, demo):
    year = CampaignYearPage.objects.get(year=2017)
    assert (year.start_date.isoformat(), year.end_date.isoformat()) == ("2017-11-27", "2017-12-03")
    assert year.url == "/2017/"
    text = text_of(client, "/2017/")
    for fact in [
        "#CoProWeekScot: Co-Production & Power",
        "27 November – 3 December 2017",
        "#CoProWeekScot",
        "The theme: power",
        "How can we address power imbalance through co-production?",
        "What are the barriers that inequality of power brings?",
        "How do we ensure power is shared equally?",
        "@ScotCoPro",
        "Following last year's campaign",
    ]:
        assert fact in text, fact


@pytest.mark.parametrize(
    ("name", "email", "handle"),
    [
        ("Sam Jordan", "sam.jordan@scdc.org.uk", "@SCDC_Sam"),
        ("Olivia Hanley", "olivia.hanley@scdc.org.uk", "@SCDC_Olivia"),
        ("David Reilly", "david.reilly@scdc.org.uk", "@SCDC_David"),
    ],
)
def test_2017_organising_team(client, demo, name, email, handle):
    text = text_of(client, "/2017/")
    team = text[text.index("Who’s organising it</h2>") :]
    assert name in team
    assert f'href="mailto:{email}"' in team
    assert handle in team


def test_2017_guide_sections(client, demo):
    text = text_of(client, "/2017/")
    for heading in ["Hold an event", "How we can support your event", "Share your story", "Social media"]:
        assert f">{heading}</h3>" in text, heading
    for suggestion in [
        "You could host an event for co-production week.",
        "You could use co-production week to promote something you are already planning.",
        "Could you co-produce something!",
    ]:
        assert suggestion in text, suggestion
    for way in ["Write up your story", "Create a digital story", "Tell us in brief", "Send us your photographs"]:
        assert way in text, way
    assert "We hope you enjoy Co-Production Week Scotland 2017!" in text


def test_2017_example_social_posts(client, demo):
    text = text_of(client, "/2017/")
    posts = text.count('class="social-post__text"')
    assert posts == 3
    assert "It's time to get involved! Co-production Week Scotland is happening 27th-3rd Dec" in text
    assert "Get involved on the run up to #CoProWeekScot 27th- 3rd Dec 2017!" in text
    assert "share your co-pro story http://www.coproductionscotland.org.uk/coproweekscot/share/" in text


def test_2017_programme_days(demo):
    days = ProgrammeDayPage.objects.live().order_by("date")
    assert [d.title for d in days] == [
        "Day 1: Monday 27 November",
        "Day 2: Tuesday 28 November",
        "Day 3: Wednesday 29 November",
        "Day 4: Thursday 30 November",
        "Day 5: Friday 1 December",
    ]
    assert days[0].url == "/2017/monday-27-november/"


@pytest.mark.parametrize(
    ("day", "question", "time"),
    [
        ("monday-27-november", "What are the barriers that inequality of power brings?", "12:00–13:00"),
        ("wednesday-29-november", "How can we address power imbalances through co-production?", "12:00–13:00"),
        ("friday-1-december", "How do we ensure power is shared equally?", None),
    ],
)
def test_scn_twitter_chats(client, demo, day, question, time):
    chat = EventPage.objects.get(kind="twitter-chat", question=question)
    assert chat.url.startswith(f"/2017/{day}/")
    assert [o.name for o in chat.host_organisations()] == ["Scottish Co-production Network"]
    text = text_of(client, chat.url)
    assert question in text
    if time:
        assert time in text
    else:
        assert "time not announced" in text


def test_hsc_academy_chat(client, demo):
    chat = EventPage.objects.get(title="Twitter chat hosted by the H&SC Academy")
    assert chat.time_in_words == "14:00–15:00"
    assert chat.date.isoformat() == "2017-11-27"
    assert "Health and Social Care Academy" in text_of(client, chat.url)


def test_events_with_hosts_and_figures(client, demo):
    text = text_of(client, "/2017/tuesday-28-november/power-health-and-social-justice/")
    assert "Glasgow Centre for Population Health (GCPH)" in text
    assert "almost 200 delegates" in text
    assert "#GHFF20" in text

    inspiralba = EventPage.objects.get(title="Inspiralba networking event in Argyll")
    assert inspiralba.kind == "networking"
    assert inspiralba.date.isoformat() == "2017-11-30"
    assert "Argyll and Bute" in text_of(client, inspiralba.url)
    assert "Dragons Den" in text_of(client, inspiralba.url)

    alliance = EventPage.objects.get(title="Self management and co-production")
    assert alliance.date.isoformat() == "2017-11-29"
    assert "Health and Social Care Alliance Scotland" in text_of(client, alliance.url)

    wws = EventPage.objects.get(hosts__organisation__name="What Works Scotland")
    assert wws.date.isoformat() == "2017-12-01"
    assert "reforming public services" in text_of(client, wws.url)


def test_film_launch(client, demo):
    film = EventPage.objects.get(kind="film")
    assert film.title == "The Power of Stories: 100 Stories of Co-production"
    assert film.date.isoformat() == "2017-11-30"
    text = text_of(client, film.url)
    assert "Created By Conversation" in text
    assert "four other short films" in text


@pytest.mark.parametrize(
    ("author", "role_and_org", "release", "words"),
    [
        (
            "Gerry Power",
            "Director of Integration, Health and Social Care Alliance Scotland (the ALLIANCE)",
            "2017-11-28",
            "Power on Power",
        ),
        (
            "Margaret MacBain",
            "PB Champion, East Ayrshire Council",
            "2017-11-29",
            "how co-production helped to shape it",
        ),
        ("Paul Johnson", "PB Champion, Midlothian Council", "2017-11-29", "Food, Glorious Food"),
        ("Fiona Jamieson", "Programme Manager, The Robertson Trust", "2017-11-30", "Heart and Soul Women's Centre"),
        ("Elspeth Gracey", "CHEX", "2017-11-30", "honest take on the theme"),
        ("Josie Vallely", "Project Manager, Iriss", "2017-12-01", "potential of co-production to distribute power"),
        ("Steven Marwick", "Evaluation Support Scotland", "2017-12-01", "Can we evaluate in a co-productive way?"),
    ],
)
def test_blog_posts(client, demo, author, role_and_org, release, words):
    post = BlogPostPage.objects.get(authors__person__name=author)
    assert post.release_date.isoformat() == release
    text = text_of(client, post.url)
    assert author in text
    assert role_and_org in text
    assert words in text
    # The seeds hold only summaries: the page says so rather than inventing a body.
    assert "The full text is not held in this archive" in text
    day = ProgrammeDayPage.objects.get(date=post.release_date)
    assert post.title in text_of(client, day.url), "a post shows on the day it was released"


def test_year_recap_and_resources_mention(client, demo):
    text = text_of(client, "/2017/")
    assert "what a great week we had" in text
    assert "we hosted three Twitter Chats during the week" in text
    assert "very useful resources as part of #CoProWeekScot" in text


def test_2018_is_an_announcement(client, demo):
    year = CampaignYearPage.objects.get(year=2018)
    assert (year.start_date.isoformat(), year.end_date.isoformat()) == ("2018-11-19", "2018-11-25")
    assert year.is_announcement_only
    text = text_of(client, "/2018/")
    assert "will take place from 19th - 25th November 2018" in text
    assert "much more to share soon" in text
    assert 'href="/2017/">See what we got up to in 2017</a>' in text


def test_home_leads_with_latest_year_and_lists_every_year(client, demo):
    text = text_of(client, "/")
    featured = text[text.index('class="featured-year"') : text.index("</section>")]
    assert "Co-production Week Scotland 2018" in featured
    assert "See what we got up to in 2017" in featured
    listing = text[text.index('id="past-years-heading"') :]
    assert "Co-production Week Scotland 2017" in listing
    assert "Theme: power" in listing
    assert "27 November – 3 December 2017" in listing


def test_nothing_invented_for_missing_details(demo):
    # The seeds give no times for these, and no venues at all.
    assert EventPage.objects.get(title="Power, Health and Social Justice").start_time is None
    assert not EventPage.objects.exclude(venue="").exists()
    assert not BlogPostPage.objects.exclude(body=[]).exists()
