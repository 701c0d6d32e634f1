"""Hostile text pushed through every way text gets in (the public event and story forms,
a guest blogger's post) and checked everywhere it comes out: public pages, JSON-LD,
the admin's listings and inboxes, the review pages, emails, calendar feeds, RSS, search
and CSV exports. Everywhere it is shown as the text it is, never run."""

import csv
import html
import io
import json
import re

import feedparser
import icalendar
import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils.form_data import streamfield

from blog.models import BlogPostPage
from campaign.models import EventPage
from submissions.forms import HTML_MESSAGE
from submissions.models import EventSubmission, StorySubmission
from tests.admin_forms import add_page_url, post_form
from tests.editorial_fixtures import committed
from tests.submission_fixtures import event_data, story_data

# Markup: refused by the public forms' plain-text check, taken by the page editor.
MARKUP = '</script><script>alert("xss")</script><img src=x onerror=alert(1)>'
# What passes the public forms' check: quotes that would end an attribute, an entity
# that must not be decoded into markup, and a spreadsheet formula.
PLAIN = '=HYPERLINK("https://evil.example") " onmouseover="alert(1)" \' &lt;script&gt;alert(2)'
# A line break in a calendar feed must not start a property or an event of its own.
ICS_INJECTION = "Bring a pen.\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Injected"


def raw(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def shown_as_text(markup: str, payload: str, where: str):
    """`payload` is in the page as text, and nothing of it runs."""
    assert "<script>alert" not in markup, where
    assert "<img src=x" not in markup, where
    assert 'onmouseover="alert' not in markup, where
    assert "&lt;script&gt;alert(2)" not in markup.replace("&amp;lt;", "&amp;"), f"{where}: an entity was decoded"
    assert payload in html.unescape(markup), f"{where}: the text is shown"


def json_ld(markup: str) -> list:
    """Every JSON-LD block on the page, parsed; each must end where it should."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', markup, re.DOTALL)
    assert blocks, "the page has structured data"
    return [json.loads(block) for block in blocks]


def contains(data, text: str) -> bool:
    if isinstance(data, dict):
        return any(contains(value, text) for value in data.values())
    if isinstance(data, list):
        return any(contains(value, text) for value in data)
    return isinstance(data, str) and text in data


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(raw(response))))


def formulas_neutralised(row: dict, expected: int):
    """Every cell holding the payload starts with an apostrophe, so a spreadsheet shows
    the formula rather than running it."""
    cells = [value for value in row.values() if PLAIN in value]
    assert len(cells) == expected
    assert all(value.startswith("'" + PLAIN) for value in cells), cells


def emails_show_text(payload: str):
    """Plain-text emails carry the text as typed; any HTML part shows it as text."""
    assert any(payload in message.body for message in mail.outbox), "an email quotes it"
    for message in mail.outbox:
        for body, kind in getattr(message, "alternatives", []):
            if kind == "text/html":
                shown_as_text(body, payload, f"the HTML email {message.subject!r}")


# --- The public forms refuse markup, and say so without running it ----------------------
EVENT_TEXT_FIELDS = ["title", "description", "venue", "town", "organisation_name", "contact_name"]
STORY_TEXT_FIELDS = ["title", "story", "organisation_name", "contact_name"]


@pytest.mark.parametrize(
    ("fixture", "fields", "data", "model"),
    [
        ("event_form", EVENT_TEXT_FIELDS, event_data, EventSubmission),
        ("story_form", STORY_TEXT_FIELDS, story_data, StorySubmission),
    ],
)
def test_markup_in_every_public_field_is_refused_and_echoed_as_text(db, client, request, fixture, fields, data, model):
    # (`db` named here: pytest-django orders tests by the fixtures they name, and the
    # form fixture is only fetched below.)
    form_page = request.getfixturevalue(fixture)
    response = client.post(form_page.url, data(**dict.fromkeys(fields, MARKUP)), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    page = raw(response)
    assert html.unescape(page).count(HTML_MESSAGE) >= len(fields)
    shown_as_text(page, MARKUP, "the form shown again")
    assert not model.objects.exists()


# --- An event from the public form, through the inbox to the calendar -------------------
INBOX_EVENTS = "/admin/submissions/eventsubmission/"


def inbox_shows_text(client, inbox: str, pk: int, *, fields: int) -> None:
    """The inbox's list, its review and accept pages show the payload as text, and its
    CSV export neutralises each formula-leading answer."""
    for where in ("", f"inspect/{pk}/", f"accept/{pk}/"):
        shown_as_text(raw(client.get(inbox + where)), PLAIN, f"{inbox} {where or 'list'}")
    [row] = csv_rows(client.get(f"{inbox}?export=csv"))
    formulas_neutralised(row, expected=fields)


def test_an_event_submission_is_shown_as_text_everywhere(client, admin_user, event_form):
    answers = dict.fromkeys(EVENT_TEXT_FIELDS, PLAIN) | {"description": f"{PLAIN}\n{ICS_INJECTION}"}
    response = client.post(event_form.url, event_data(**answers), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    submission = EventSubmission.objects.get()
    assert submission.title == PLAIN, "stored as sent"
    shown_as_text(raw(client.get(response["Location"])), PLAIN, "the thank-you page")
    emails_show_text(PLAIN)

    client.force_login(admin_user)
    inbox_shows_text(client, INBOX_EVENTS, submission.pk, fields=len(EVENT_TEXT_FIELDS))

    accepted = client.post(f"{INBOX_EVENTS}accept/{submission.pk}/", {"create_day": "1"})
    assert accepted.status_code == 302
    event = EventPage.objects.get(title=PLAIN)
    shown_as_text(raw(client.get(accepted["Location"])), PLAIN, "the page editor")
    event.get_parent().specific.save_revision().publish()
    # Staff may type anything in a title, "</script>" included.
    event.title = f"{PLAIN} {MARKUP}"
    event.save_revision().publish()
    event.refresh_from_db()
    shown_as_text(raw(client.get(reverse("wagtailadmin_explore", args=[event.get_parent().pk]))), PLAIN, "explorer")

    client.logout()
    page = raw(client.get(event.url))
    shown_as_text(page, PLAIN, "the event page")
    assert any(contains(block, event.title) for block in json_ld(page)), "JSON-LD carries the title whole"
    shown_as_text(page, MARKUP, "the event page, with staff's markup")
    shown_as_text(raw(client.get(event.get_parent().url)), PLAIN, "the day page")

    ics = raw(client.get(f"/calendar/events/{event.pk}.ics"))
    [vevent] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert "SUMMARY:Injected" in str(vevent["DESCRIPTION"]), "the line breaks stay inside the description"
    assert not re.search(r"^SUMMARY:Injected", ics, re.MULTILINE)
    shown_as_text(raw(client.get("/search/", {"q": "HYPERLINK"})), PLAIN, "search results")


# --- A story from the public form, through the inbox to the blog ------------------------
INBOX_STORIES = "/admin/submissions/storysubmission/"


def test_a_story_is_shown_as_text_everywhere(client, admin_user, story_form):
    response = client.post(
        story_form.url, story_data(**dict.fromkeys(STORY_TEXT_FIELDS, PLAIN)), REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 302
    story = StorySubmission.objects.get()
    emails_show_text(PLAIN)

    client.force_login(admin_user)
    inbox_shows_text(client, INBOX_STORIES, story.pk, fields=len(STORY_TEXT_FIELDS))

    accepted = client.post(f"{INBOX_STORIES}accept/{story.pk}/")
    assert accepted.status_code == 302
    post = BlogPostPage.objects.get(title=PLAIN)
    shown_as_text(raw(client.get(accepted["Location"])), PLAIN, "the page editor")
    post.save_revision().publish()
    post.refresh_from_db()

    client.logout()
    shown_as_text(raw(client.get(post.url)), PLAIN, "the blog post")


# --- A guest blogger's post, through review to the public site ---------------------------
def hostile_rich_text() -> str:
    """What the editor's rich text field sends (Draft.js content), written by hand: text
    that looks like markup, and a link to a javascript: address."""
    text = f"{MARKUP} click here"
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "xss01",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": len(text) - 10, "length": 10, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(3)"}}},
        }
    )


def test_a_guest_bloggers_post_is_shown_as_text_everywhere(client, guest_a, moderator, blog_index):
    client.force_login(guest_a)
    data = post_form(
        title=MARKUP,
        slug="hostile-post",
        summary=MARKUP,
        body=streamfield([("paragraph", hostile_rich_text())]),
        **{"action-submit": "1"},
    )
    with committed():
        response = client.post(add_page_url(BlogPostPage, blog_index), data)
    assert response.status_code == 302
    post = BlogPostPage.objects.get(slug="hostile-post")
    assert post.title == MARKUP, "a title is text: stored as typed"
    shown_as_text(raw(client.get(reverse("wagtailadmin_explore", args=[blog_index.pk]))), MARKUP, "guest's listing")
    shown_as_text(raw(client.get(reverse("wagtailadmin_home"))), MARKUP, "guest's dashboard")
    emails_show_text(MARKUP)

    client.force_login(moderator)
    shown_as_text(raw(client.get(reverse("wagtailadmin_home"))), MARKUP, "the moderator's dashboard")
    shown_as_text(raw(client.get(reverse("wagtailadmin_pages:edit", args=[post.pk]))), MARKUP, "the editor")
    task_state = post.current_workflow_state.current_task_state
    with committed():
        client.post(reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk]))
    assert Page.objects.get(pk=post.pk).live
    post.refresh_from_db()

    client.logout()
    page = raw(client.get(post.url))
    shown_as_text(page, MARKUP, "the post")
    assert "javascript:" not in page, "the link's address is dropped"
    shown_as_text(raw(client.get(blog_index.url)), MARKUP, "the blog's listing")
    shown_as_text(raw(client.get("/search/", {"q": "alert"})), MARKUP, "search results")

    rss = raw(client.get("/feeds/rss/"))
    assert "<script>" not in rss
    assert "<img src=x" not in rss
    titles = [entry.title for entry in feedparser.parse(rss, sanitize_html=False).entries]
    assert MARKUP in titles, "the feed's XML reads back as the title typed"
