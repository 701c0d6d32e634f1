"""The events inbox in the admin: list, filter, search, export, accept, decline; nothing
there creates, edits or deletes a submission."""

import csv
import datetime
import html
import io
import re

import pytest

from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry

from campaign.models import EventPage, ProgrammeDayPage
from core.models import Organisation
from submissions.models import EventSubmission
from tests.factories import EventSubmissionFactory
from tests.responses import text, words

INBOX = "/admin/submissions/eventsubmission/"


def url(action, submission) -> str:
    return f"{INBOX}{action}/{submission.pk}/"


@pytest.fixture
def submission(event_form):
    return EventSubmissionFactory(form_page=event_form, title="Sharing power in Fife")


# --- The list --------------------------------------------------------------------------
def test_the_inbox_lists_submissions_newest_first(admin_client, event_form):
    older = EventSubmissionFactory(form_page=event_form, title="Older one")
    older.received_at = timezone.now() - datetime.timedelta(days=3)
    older.save()
    EventSubmissionFactory(form_page=event_form, title="Newer one")
    page = text(admin_client.get(INBOX))
    assert page.index("Newer one") < page.index("Older one")
    assert "Fife Community Voices" in page
    assert "Co-production Week Scotland 2031" in page
    assert ">Review<" in page
    assert ">Accept<" in page
    assert ">Decline<" in page
    assert ">Delete<" not in page
    assert ">Edit<" not in page


def test_the_inbox_is_under_its_own_menu(admin_client, event_form):
    page = text(admin_client.get("/admin/"))
    assert "Inbox" in page
    assert INBOX in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=new", {"New one", "Old-year one"}),
        ("status__exact=declined", {"Declined one"}),
        ("q=Kirkcaldy", {"New one", "Declined one"}),
        ("q=Orkney", {"Old-year one"}),
        ("q=nobody@example.org", set()),
    ],
)
def test_filters_and_search(admin_client, event_form, demo, query, expected):
    EventSubmissionFactory(form_page=event_form, title="New one")
    EventSubmissionFactory(form_page=event_form, title="Declined one", status="declined")
    old_form = event_form.__class__.objects.get(url_path="/home/2017/add-your-event/")
    old = EventSubmissionFactory(
        form_page=old_form, title="Old-year one", town="Kirkwall", council_area="orkney-islands"
    )
    old.received_at = datetime.datetime(2017, 11, 1, 12, tzinfo=datetime.UTC)
    old.organisation_name = "Orkney Voices"
    old.save()
    page = text(admin_client.get(f"{INBOX}?{query}"))
    shown = {title for title in ("New one", "Declined one", "Old-year one") if title in page}
    assert shown == expected


def test_year_and_date_filters(admin_client, event_form, demo):
    EventSubmissionFactory(form_page=event_form, title="This year's")
    old_form = event_form.__class__.objects.get(url_path="/home/2017/add-your-event/")
    old = EventSubmissionFactory(form_page=old_form, title="Back in 2017")
    old.received_at = datetime.datetime(2017, 11, 1, 12, tzinfo=datetime.UTC)
    old.save()
    by_year = text(admin_client.get(f"{INBOX}?year=2017"))
    assert admin_client.get(f"{INBOX}?year=not-a-year").status_code == 200
    assert "Back in 2017" in by_year
    assert "This year's" not in by_year
    page = text(admin_client.get(INBOX))
    for choice in ("New", "Accepted", "Declined", "Co-production Week Scotland 2017", "Past 7 days"):
        assert choice in page, choice
    # Follow the filter panel's own "Past 7 days" link.
    past_week = re.search(r'href="(\?[^"]*received_at__gte[^"]*)"[^>]*>\s*Past 7 days', page).group(1)
    recent = text(admin_client.get(INBOX + html.unescape(past_week)))
    assert "This year's" in recent
    assert "Back in 2017" not in recent


# --- Export ----------------------------------------------------------------------------
def test_csv_export_holds_every_row_with_formulas_neutralised(admin_client, event_form):
    EventSubmissionFactory(form_page=event_form, title="Sharing power in Fife")
    EventSubmissionFactory(
        form_page=event_form,
        title='=HYPERLINK("https://evil.example","Click")',
        organisation_name="@SUM(A1:A9)",
        contact_name="+44 7700 900000",
        venue="-1+1",
        description="\tcmd",
    )
    response = admin_client.get(f"{INBOX}?export=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="event-submissions.csv"')
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 2
    by_title = {row["Event name"]: row for row in rows}
    fife = by_title["Sharing power in Fife"]
    assert fife["Status"] == "New"
    assert fife["Year"] == "Co-production Week Scotland 2031"
    assert fife["Kind of event"] == "Workshop"
    assert fife["Council area"] == "Fife"
    assert fife["Date"] == "2031-11-20"
    assert fife["Contact email"] == "ailsa@example.org"
    assert fife["Received"].startswith(f"{timezone.localdate():%Y-%m-%d} ")
    hostile = by_title['\'=HYPERLINK("https://evil.example","Click")']
    assert hostile["Organisation"] == "'@SUM(A1:A9)"
    assert hostile["Contact name"] == "'+44 7700 900000"
    assert hostile["Venue"] == "'-1+1"
    assert hostile["Description"] == "'\tcmd"


def test_export_follows_the_filters(admin_client, event_form):
    EventSubmissionFactory(form_page=event_form, title="Kept")
    EventSubmissionFactory(form_page=event_form, title="Declined", status="declined")
    content = b"".join(admin_client.get(f"{INBOX}?status__exact=new&export=csv").streaming_content).decode()
    assert "Kept" in content
    assert "Declined," not in content


# --- Nothing edits or deletes a submission ----------------------------------------------
def test_there_is_no_way_to_create_edit_or_delete_a_submission(admin_client, submission):
    for action in ("create", "delete"):
        with pytest.raises(NoReverseMatch):
            reverse(f"submissions_eventsubmission_modeladmin_{action}", args=[submission.pk])
    assert admin_client.get(f"{INBOX}delete/{submission.pk}/").status_code == 404
    assert admin_client.post(f"{INBOX}delete/{submission.pk}/").status_code == 404
    # An "edit" link from elsewhere in the admin opens the read-only review page.
    review = admin_client.get(url("edit", submission))
    assert review.status_code == 200
    assert 'name="title"' not in text(review), "nothing to edit"
    assert EventSubmission.objects.filter(pk=submission.pk).exists()


def test_the_review_page_shows_everything_sent(admin_client, submission):
    page = text(admin_client.get(url("inspect", submission)))
    for value in ("Status: New", "Sharing power in Fife", "Fife Community Voices", "Kirkcaldy", "ailsa@example.org"):
        assert value in page, value
    assert url("accept", submission) in page
    assert url("decline", submission) in page


# --- Accept ----------------------------------------------------------------------------
def test_accept_makes_a_draft_under_the_right_day_and_opens_it(admin_client, admin_user, submission):
    day = ProgrammeDayPage.objects.get(date=datetime.date(2031, 11, 20))
    confirm = words(admin_client.get(url("accept", submission)))
    assert "Accepting adds a draft event under Thursday 20 November of Co-production Week Scotland 2031" in confirm

    response = admin_client.post(url("accept", submission))
    event = EventPage.objects.get(title="Sharing power in Fife")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert event.get_parent().pk == day.pk
    assert not event.live, "a draft, for an editor to check and publish"
    assert (event.kind, event.date, event.start_time, event.end_time) == (
        "workshop",
        datetime.date(2031, 11, 20),
        datetime.time(10, 0),
        datetime.time(12, 30),
    )
    assert (event.venue, event.town, event.council_area) == ("Community hall", "Kirkcaldy", "fife")
    assert event.description == "<p>A workshop on sharing power.</p><p>Everyone welcome.</p>"
    assert [org.name for org in event.host_organisations()] == ["Fife Community Voices"]
    assert event.latest_revision is not None

    submission.refresh_from_db()
    assert submission.status == "accepted"
    assert submission.created_page_id == event.pk
    assert submission.decided_by == admin_user
    editor = admin_client.get(response["Location"])
    assert editor.status_code == 200
    assert "here is its draft page" in text(editor)
    assert ModelLogEntry.objects.filter(action="submissions.accept", object_id=str(submission.pk)).exists()


def test_plain_text_becomes_safe_rich_text_the_editor_can_open(admin_client, event_form):
    submission = EventSubmissionFactory(form_page=event_form, description="Line one\nLine two & <3\n\n\nAfter a gap")
    response = admin_client.post(url("accept", submission))
    event = EventPage.objects.get(title=submission.title)
    assert event.description == "<p>Line one<br/>Line two &amp; &lt;3</p><p>After a gap</p>"
    assert admin_client.get(response["Location"]).status_code == 200


def test_accept_matches_an_existing_organisation_whatever_its_case(admin_client, event_form):
    existing = Organisation.objects.create(name="Fife Community Voices")
    submission = EventSubmissionFactory(form_page=event_form, organisation_name="  fife  community VOICES ")
    admin_client.post(url("accept", submission))
    event = EventPage.objects.get(title=submission.title)
    assert event.host_organisations() == [existing]
    assert Organisation.objects.filter(name__iexact="fife community voices").count() == 1


def test_accepting_twice_makes_one_page(admin_client, submission):
    admin_client.post(url("accept", submission))
    again = admin_client.post(url("accept", submission), follow=True)
    assert "was already accepted; nothing changed" in text(again)
    assert EventPage.objects.filter(title="Sharing power in Fife").count() == 1


def test_a_second_event_with_the_same_name_gets_its_own_address(admin_client, event_form):
    first = EventSubmissionFactory(form_page=event_form, title="Open day")
    second = EventSubmissionFactory(form_page=event_form, title="Open day")
    admin_client.post(url("accept", first))
    admin_client.post(url("accept", second))
    assert sorted(EventPage.objects.filter(title="Open day").values_list("slug", flat=True)) == [
        "open-day",
        "open-day-2",
    ]


def test_accepting_for_a_day_the_year_lacks_says_so_and_changes_nothing(admin_client, event_form):
    submission = EventSubmissionFactory(form_page=event_form, date=datetime.date(2031, 11, 21))
    confirm = words(admin_client.get(url("accept", submission)))
    assert "Co-production Week Scotland 2031 has no programme day for Friday 21 November 2031." in confirm
    assert "Create the day and accept" in confirm

    refused = admin_client.post(url("accept", submission))
    assert refused.status_code == 200
    assert "has no programme day for Friday 21 November 2031. Create the day as you accept, or go back." in text(
        refused
    )
    submission.refresh_from_db()
    assert submission.status == "new"
    assert not ProgrammeDayPage.objects.filter(date=datetime.date(2031, 11, 21)).exists()
    assert not EventPage.objects.filter(title=submission.title).exists()


def test_the_missing_day_can_be_created_while_accepting(admin_client, event_form):
    submission = EventSubmissionFactory(form_page=event_form, date=datetime.date(2031, 11, 21))
    response = admin_client.post(url("accept", submission), {"create_day": "1"})
    day = ProgrammeDayPage.objects.get(date=datetime.date(2031, 11, 21))
    assert day.title == "Day 2: Friday 21 November"
    assert day.live
    assert day.show_in_menus
    assert day.get_parent().pk == event_form.get_parent().pk
    event = EventPage.objects.get(title=submission.title)
    assert event.get_parent().pk == day.pk
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[event.pk])


def test_a_page_the_rules_refuse_is_not_made_and_the_submission_stays_new(admin_client, event_form):
    submission = EventSubmissionFactory(form_page=event_form, date=datetime.date(2031, 11, 21))
    year = event_form.get_parent().specific
    year.end_date = datetime.date(2031, 11, 20)  # the week was shortened after it came in
    year.save()
    response = admin_client.post(url("accept", submission), {"create_day": "1"})
    assert response.status_code == 200
    assert "The page could not be made: Friday 21 November 2031 is outside Co-production Week Scotland 2031" in text(
        response
    )
    submission.refresh_from_db()
    assert submission.status == "new"
    assert not ProgrammeDayPage.objects.filter(date=datetime.date(2031, 11, 21)).exists()


# --- Decline ---------------------------------------------------------------------------
def test_decline_needs_a_reason_and_keeps_the_record(admin_client, admin_user, submission):
    assert "Why is it declined?" in text(admin_client.get(url("decline", submission)))
    no_reason = admin_client.post(url("decline", submission), {"reason": ""})
    assert "Give a reason, so the team knows later why it was declined." in text(no_reason)
    submission.refresh_from_db()
    assert submission.status == "new"

    response = admin_client.post(url("decline", submission), {"reason": "Not in Scotland."}, follow=True)
    assert "stays in the inbox with your reason" in text(response)
    submission.refresh_from_db()
    assert (submission.status, submission.decline_reason) == ("declined", "Not in Scotland.")
    assert submission.decided_by == admin_user
    assert not EventPage.objects.filter(title=submission.title).exists()
    # Still listed, still exported.
    assert "Sharing power in Fife" in text(admin_client.get(f"{INBOX}?status__exact=declined"))
    assert ModelLogEntry.objects.filter(action="submissions.decline", object_id=str(submission.pk)).exists()
    # And it can no longer be accepted.
    admin_client.post(url("accept", submission))
    assert not EventPage.objects.filter(title=submission.title).exists()


def test_a_reviewer_who_cannot_add_events_is_told_so_and_nothing_changes(client, django_user_model, submission):
    from django.contrib.auth.models import Permission

    reviewer = django_user_model.objects.create_user("reviewer", password="x-long-password-3")
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_eventsubmission", "change_eventsubmission"])
    )
    client.force_login(reviewer)
    response = client.post(url("accept", submission))
    assert "You can’t add events to Thursday 20 November. Ask an editor to accept this submission" in text(response)
    submission.refresh_from_db()
    assert submission.status == "new"
    assert not EventPage.objects.filter(title=submission.title).exists()
    # Declining needs no page permissions.
    client.post(url("decline", submission), {"reason": "Duplicate of another listing."})
    submission.refresh_from_db()
    assert submission.status == "declined"


# --- Who can review --------------------------------------------------------------------
def test_staff_groups_can_review_and_others_cannot(client, django_user_model, submission):
    editor = django_user_model.objects.create_user("editor", password="x-long-password-1")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(INBOX).status_code == 200
    response = client.post(url("accept", submission))
    assert response.status_code == 302
    assert EventPage.objects.filter(title="Sharing power in Fife").exists()

    moderator = django_user_model.objects.create_user("moderator", password="x-long-password-4")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    second = EventSubmissionFactory(form_page=submission.form_page, title="Moderated in Moray")
    assert client.post(url("accept", second)).status_code == 302
    assert EventPage.objects.filter(title="Moderated in Moray", live=False).exists()

    other = django_user_model.objects.create_user("blogger", password="x-long-password-2")
    other.groups.add(Group.objects.create(name="Someone else"))
    from django.contrib.auth.models import Permission

    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    assert client.get(INBOX).status_code in (302, 403)
    second = EventSubmissionFactory(form_page=submission.form_page.specific)
    assert client.post(url("decline", second), {"reason": "no"}).status_code in (302, 403)
    second.refresh_from_db()
    assert second.status == "new"
