"""'Add your event': a member tells the team about an event. Every good submission is
stored before anything else happens; every bad answer gets its own message with
nothing stored; a robot gets one neutral refusal whichever check caught it."""

import datetime
import logging
import re
import smtplib
import time

import pytest

from django.core import mail, signing
from django.test import override_settings

from campaign.models import CampaignYearPage
from core.models import SiteSettings
from submissions.forms import HTML_MESSAGE
from submissions.models import AddEventFormPage, EventSubmission
from submissions.spam import sign_started
from tests.responses import text
from tests.submission_fixtures import event_data


def send(client, form_page, **changes):
    return client.post(form_page.url, event_data(**changes), REMOTE_ADDR="203.0.113.7")


# --- A good submission -----------------------------------------------------------------
def test_the_form_asks_every_question_and_is_never_cached(client, event_form):
    response = client.get(event_form.url)
    assert response.status_code == 200
    page = text(response)
    for label in [
        "Name of your event",
        "Kind of event",
        "What is it about?",
        "Date",
        "Start time",
        "End time (optional)",
        "How to take part",
        "Venue (optional)",
        "Town or city",
        "Council area",
        "Link to join online",
        "Organisation running the event",
        "Link to book a place (optional)",
        "Your name",
        "Your email address",
        "I agree that the details of this event",
    ]:
        assert label in page, label
    # Only the week's days can be chosen.
    assert '<option value="2031-11-20">Thursday 20 November 2031</option>' in page
    assert 'value="2031-11-27"' not in page
    assert "no-cache" in response["Cache-Control"]
    assert 'class="hp-field" aria-hidden="true"' in page


def test_a_good_submission_is_stored_confirmed_and_emailed(client, event_form):
    SiteSettings.objects.update_or_create(
        site_id=event_form.get_site().pk, defaults={"contact_email": "team@example.org"}
    )
    response = send(client, event_form)
    assert response.status_code == 302
    submission = EventSubmission.objects.get()
    assert submission.title == "Sharing power in Fife"
    assert submission.date == datetime.date(2031, 11, 20)
    assert submission.start_time == datetime.time(10, 0)
    assert submission.status == "new"
    assert submission.campaign_year.year == 2031
    assert submission.form_page_id == event_form.pk
    assert submission.consent_to_publish
    assert submission.description == "A morning workshop on sharing power.\n\nEveryone is welcome."

    confirmation = client.get(response["Location"])
    assert response["Location"].startswith("/2031/add-your-event/thank-you/?ref=")
    assert "Thank you, we have your event" in text(confirmation)
    assert "“Sharing power in Fife” on Thursday 20 November 2031, 10:00–12:30" in text(confirmation)

    to_member, to_staff = mail.outbox
    assert to_member.to == ["ailsa@example.org"]
    assert to_member.subject == "We have your event: Sharing power in Fife"
    assert "Thursday 20 November 2031, 10:00–12:30" in to_member.body
    assert to_staff.to == ["team@example.org"]
    assert to_staff.subject == "New event for the calendar: Sharing power in Fife"
    assert f"http://testserver/admin/submissions/eventsubmission/inspect/{submission.pk}/" in to_staff.body
    assert "Ailsa Brown <ailsa@example.org>" in to_staff.body


def test_the_confirmation_does_not_show_other_peoples_submissions(client, event_form):
    send(client, event_form)
    pk = EventSubmission.objects.get().pk
    forged = client.get(f"{event_form.url}thank-you/?ref={pk}")
    assert "Sharing power in Fife" not in text(forged)
    assert "We have received your event" in text(forged)


@pytest.mark.parametrize(
    ("page_address", "network_address", "setting", "expected"),
    [
        ("events@example.org", "team@example.org", "fallback@example.org", ["events@example.org"]),
        ("", "team@example.org", "fallback@example.org", ["team@example.org"]),
        ("", "", "fallback@example.org", ["fallback@example.org"]),
    ],
)
def test_staff_are_emailed_at_the_nearest_address_given(
    client, event_form, settings, page_address, network_address, setting, expected
):
    settings.SUBMISSIONS_STAFF_EMAIL = setting
    event_form.notify_email = page_address
    event_form.save()
    SiteSettings.objects.update_or_create(site_id=event_form.get_site().pk, defaults={"contact_email": network_address})
    send(client, event_form)
    assert mail.outbox[1].to == expected


def test_with_no_staff_address_the_submission_is_still_stored_and_the_gap_logged(client, event_form, settings, caplog):
    settings.SUBMISSIONS_STAFF_EMAIL = ""
    with caplog.at_level(logging.WARNING, logger="submissions.emails"):
        send(client, event_form)
    assert EventSubmission.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["ailsa@example.org"]]
    assert "No staff address" in caplog.text


def test_a_mail_server_failure_loses_nothing(client, event_form, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr("submissions.emails.send_mail", broken)
    with caplog.at_level(logging.ERROR, logger="submissions.emails"):
        response = send(client, event_form)
    assert response.status_code == 302, "the member still gets the confirmation"
    assert EventSubmission.objects.get().title == "Sharing power in Fife"
    assert "Could not send the confirmation email" in caplog.text
    assert "mail server went away" in caplog.text


def test_single_line_answers_lose_stray_whitespace_and_line_breaks(client, event_form):
    send(client, event_form, title="  Sharing\r\npower   in Fife ", organisation_name="Fife\tVoices")
    submission = EventSubmission.objects.get()
    assert submission.title == "Sharing power in Fife"
    assert submission.organisation_name == "Fife Voices"


def test_a_less_than_sign_is_not_mistaken_for_html(client, event_form):
    response = send(client, event_form, description="For ages 5 < 10, and anyone who <3s co-production.")
    assert response.status_code == 302
    assert EventSubmission.objects.get().description == "For ages 5 < 10, and anyone who <3s co-production."


def test_an_online_event_needs_only_a_link(client, event_form):
    response = send(
        client,
        event_form,
        attendance_mode="online",
        venue="",
        town="",
        council_area="",
        online_link="meet.example.org/power",
    )
    assert response.status_code == 302
    assert EventSubmission.objects.get().online_link == "https://meet.example.org/power"


# --- Bad answers: a message each, values kept, nothing stored ----------------------------
LONG = "x" * 201
BAD_ANSWERS = {
    "missing name": ({"title": ""}, {"title": "Enter the name of your event."}),
    "missing description": ({"description": ""}, {"description": "Tell us in a few sentences what the event is"}),
    "missing date": ({"date": ""}, {"date": "Choose the day of your event."}),
    "missing start": ({"start_time": ""}, {"start_time": "Enter the time the event starts."}),
    "missing organisation": ({"organisation_name": ""}, {"organisation_name": "Enter the name of the organisation"}),
    "missing name of contact": ({"contact_name": ""}, {"contact_name": "Enter your name."}),
    "missing email": ({"contact_email": ""}, {"contact_email": "Enter your email address."}),
    "no consent": ({"consent_to_publish": None}, {"consent_to_publish": "Tick the box to agree"}),
    "end before start": ({"end_time": "09:30"}, {"end_time": "The end time must be after the start time."}),
    "end equals start": ({"end_time": "10:00"}, {"end_time": "The end time must be after the start time."}),
    "not a time": ({"start_time": "half ten"}, {"start_time": "Enter a time like 14:30."}),
    "date after the week": (
        {"date": "2031-11-27"},
        {"date": "Choose a day during Co-production Week Scotland 2031, 20 – 26 November 2031."},
    ),
    "date before the week": ({"date": "2031-11-19"}, {"date": "Choose a day during Co-production Week Scotland"}),
    "not a date": ({"date": "next tuesday"}, {"date": "Choose a day during Co-production Week Scotland"}),
    "bad booking link": ({"booking_link": "not a web address"}, {"booking_link": "Enter a full web address"}),
    "script link": ({"booking_link": "javascript:alert(1)"}, {"booking_link": "Enter a full web address"}),
    "bad email": ({"contact_email": "ailsa.example.org"}, {"contact_email": "Enter an email address like"}),
    "name too long": ({"title": LONG}, {"title": "Name of your event must be 200 characters or fewer; it has 201."}),
    "description too long": (
        {"description": "y" * 2001},
        {"description": "What is it about? must be 2000 characters or fewer; it has 2001."},
    ),
    "HTML in the name": ({"title": "<b>Power</b> workshop"}, {"title": HTML_MESSAGE}),
    "script in the description": ({"description": "Hi <script>alert(1)</script>"}, {"description": HTML_MESSAGE}),
    "HTML comment in the venue": ({"venue": "Hall <!-- x -->"}, {"venue": HTML_MESSAGE}),
    "closing tag in the town": ({"town": "Perth</p>"}, {"town": HTML_MESSAGE}),
    "processing instruction": ({"contact_name": "<?php echo 1 ?>"}, {"contact_name": HTML_MESSAGE}),
    "in person without a town": ({"town": ""}, {"town": "Enter the town or city where the event happens."}),
    "in person without an area": ({"council_area": ""}, {"council_area": "Choose the council area"}),
    "unknown area": ({"council_area": "atlantis"}, {"council_area": "Select a valid choice"}),
    "online without a link": (
        {"attendance_mode": "online", "booking_link": ""},
        {"online_link": "Give a link to join online, or a link to book a place."},
    ),
    "in person with a joining link": (
        {"online_link": "https://meet.example.org/x"},
        {"attendance_mode": "You gave a link to join online: choose 'Online' or 'In person and online'."},
    ),
}


@pytest.mark.parametrize(("changes", "errors"), BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_each_bad_answer_gets_its_message_and_nothing_is_stored(client, event_form, changes, errors):
    response = send(client, event_form, **changes)
    assert response.status_code == 200
    page = text(response)
    assert EventSubmission.objects.count() == 0
    assert not mail.outbox
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in page
    summary = page[page.index('class="error-summary"') : page.index("</div>", page.index('class="error-summary"'))]
    for field, message in errors.items():
        anchor = "id_attendance_mode_0" if field == "attendance_mode" else f"id_{field}"
        assert re.search(rf'<a href="#{anchor}">[^<]*{re.escape(message)}', summary), (field, summary)
        # The same message beside the answer, tied to its control.
        assert f'<p class="field__error" id="id_{field}_error">' in page
        assert message in page[page.index(f'id="id_{field}_error"') :]


def test_answers_are_kept_when_the_form_comes_back(client, event_form):
    response = send(client, event_form, end_time="09:00", title="Sharing power & more")
    page = response.content.decode()
    assert 'value="Sharing power &amp; more"' in page
    assert 'value="Kirkcaldy"' in page
    assert '<option value="fife" selected>' in page
    assert '<option value="2031-11-20" selected>' in page
    assert "A morning workshop on sharing power." in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_end_time_error"' in page


def test_many_errors_are_all_listed_in_order(client, event_form):
    response = send(client, event_form, title="", date="", contact_email="nope", consent_to_publish=None)
    summary = text(response).split('class="error-summary"')[1].split("</ul>")[0]
    anchors = re.findall(r'href="#(id_\w+)"', summary)
    assert anchors == ["id_title", "id_date", "id_contact_email", "id_consent_to_publish"]
    assert "Please check these answers" in summary


# --- Spam: nothing stored, the same neutral answer whatever caught it -------------------
def _signed(value: str) -> str:
    return signing.Signer(salt="submissions.spam.form-started").sign(value)


# Each builds its tampering when the test runs, so timestamps are fresh.
SPAM = {
    "honeypot filled": lambda: {"website": "https://cheap-pills.example"},
    "sent too fast": lambda: {"form_started": sign_started(time.time() - 1)},
    "no timestamp": lambda: {"form_started": None},
    "empty timestamp": lambda: {"form_started": ""},
    "altered timestamp": lambda: {"form_started": sign_started(time.time() - 60)[:-2] + "xx"},
    "timestamp from elsewhere": lambda: {"form_started": signing.Signer(salt="other").sign(str(int(time.time()) - 60))},
    "non-numeric timestamp": lambda: {"form_started": _signed("yesterday")},
}


def test_spam_is_refused_with_one_neutral_page_and_nothing_stored(client, event_form, caplog):
    bodies = set()
    with caplog.at_level(logging.WARNING, logger="submissions.spam"):
        for tampering in SPAM.values():
            response = send(client, event_form, **tampering())
            assert response.status_code == 400
            assert "We could not accept the form" in text(response)
            bodies.add(response.content)
    assert len(bodies) == 1, "every refusal looks the same"
    page = bodies.pop().decode()
    for hint in ("honeypot", "too fast", "timestamp", "spam", "robot", "rate"):
        assert hint not in page.lower(), hint
    assert EventSubmission.objects.count() == 0
    assert not mail.outbox
    logged = caplog.text
    assert "honeypot" in logged
    assert "sent too fast" in logged
    assert "missing or altered timestamp" in logged


@pytest.mark.parametrize("tampering", SPAM.values(), ids=SPAM.keys())
def test_spam_with_bad_answers_still_gets_no_hint(client, event_form, tampering):
    response = send(client, event_form, title="", **tampering())
    assert response.status_code == 400
    assert "Enter the name of your event" not in text(response)


@override_settings(SUBMISSIONS_RATE_LIMIT=(2, 3600))
def test_the_rate_limit_refuses_the_same_way_after_the_limit(client, event_form, caplog):
    honeypot = send(client, event_form, website="x").content
    assert send(client, event_form).status_code == 302
    assert send(client, event_form, title="Second").status_code == 302
    with caplog.at_level(logging.WARNING, logger="submissions.spam"):
        third = send(client, event_form, title="Third")
    assert third.status_code == 400
    assert third.content == honeypot, "a rate-limited post looks like any other refusal"
    assert sorted(EventSubmission.objects.values_list("title", flat=True)) == ["Second", "Sharing power in Fife"]
    assert "rate limit" in caplog.text
    # Someone else is not held back by it.
    other = client.post(event_form.url, event_data(title="Elsewhere"), REMOTE_ADDR="198.51.100.20")
    assert other.status_code == 302


def test_a_form_open_for_over_a_day_comes_back_to_be_sent_again(client, event_form, caplog):
    """An old signed timestamp cannot be replayed: nothing is stored, and the person sees
    their answers again with a new timestamp, so sending it again works."""
    day_old = sign_started(time.time() - 25 * 60 * 60)
    with caplog.at_level(logging.INFO):
        response = send(client, event_form, form_started=day_old)
    assert response.status_code == 200
    page = text(response)
    assert "This form was open for more than a day, so we have not sent it yet." in page
    assert 'value="Sharing power in Fife"' in page, "the answers are kept"
    assert EventSubmission.objects.count() == 0
    assert not mail.outbox
    assert "open too long" in caplog.text
    new_stamp = re.search(r'name="form_started" value="([^"]+)"', page).group(1)
    assert new_stamp != day_old
    with override_settings(SUBMISSIONS_MIN_FILL_SECONDS=0):
        assert send(client, event_form, form_started=new_stamp).status_code == 302
    assert EventSubmission.objects.count() == 1


@override_settings(SUBMISSIONS_RATE_LIMIT=(1, 3600), TRUSTED_PROXY_COUNT=1)
def test_the_rate_limit_counts_the_client_behind_the_proxy(client, event_form):
    def via_proxy(client_address, title):
        return client.post(
            event_form.url,
            event_data(title=title),
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}",
        )

    assert via_proxy("203.0.113.7", "One").status_code == 302
    assert via_proxy("203.0.113.7", "Two").status_code == 400
    assert via_proxy("198.51.100.20", "Three").status_code == 302


class UnreachableCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


@override_settings(SUBMISSIONS_RATE_LIMIT=(1, 3600))
def test_if_the_cache_is_down_members_can_still_submit(client, event_form, monkeypatch, caplog):
    monkeypatch.setattr("submissions.spam.cache", UnreachableCache())
    with caplog.at_level(logging.WARNING, logger="submissions.spam"):
        assert send(client, event_form, title="One").status_code == 302
        assert send(client, event_form, title="Two").status_code == 302
    assert EventSubmission.objects.count() == 2
    assert "not applied: the cache could not be reached" in caplog.text
    # The other checks still stand.
    assert send(client, event_form, website="x").status_code == 400
    assert EventSubmission.objects.count() == 2


# --- Closed years ----------------------------------------------------------------------
def test_an_archived_year_says_submissions_are_closed(client, demo):
    response = client.get("/2017/add-your-event/")
    page = text(response)
    assert response.status_code == 200
    assert "Submissions for 2017 are closed." in page
    assert "<form" not in page.split('id="main"')[1]


def test_an_archived_year_refuses_posts_with_that_message(client, demo):
    form_page = AddEventFormPage.objects.get(url_path="/home/2017/add-your-event/")
    response = client.post(form_page.url, event_data(date="2017-11-28"))
    assert response.status_code == 403
    assert "Submissions for 2017 are closed." in text(response)
    assert EventSubmission.objects.count() == 0
    assert not mail.outbox


def test_a_year_closes_when_its_week_is_over(event_form):
    year = CampaignYearPage.objects.get(year=2031)
    assert year.accepts_submissions(datetime.date(2031, 11, 26)), "open on the last day"
    assert not year.accepts_submissions(datetime.date(2031, 11, 27))


# --- Nothing is lost by deleting pages ---------------------------------------------------
def test_pages_with_submissions_cannot_be_deleted(admin_client, event_form, home_page):
    from django.db.models import ProtectedError

    from wagtail.models import Page

    send(admin_client, event_form)
    year = event_form.get_parent()
    for page in (event_form, year, home_page):
        response = admin_client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
        assert "cannot be deleted: 1 event submission came in for it or a page under it" in text(response)
        assert Page.objects.filter(pk=page.pk).exists()
    # The database refuses too, should anything try without the admin.
    with pytest.raises(ProtectedError):
        year.delete()
    assert EventSubmission.objects.count() == 1


def test_pages_without_submissions_can_still_be_deleted(admin_client, event_form):
    from wagtail.models import Page

    calendar = Page.objects.get(url_path="/home/2031/calendar/")
    response = admin_client.post(f"/admin/pages/{calendar.pk}/delete/")
    assert response.status_code == 302
    assert not Page.objects.filter(pk=calendar.pk).exists()


def test_bulk_deleting_pages_with_submissions_is_refused(admin_client, event_form, home_page):
    from wagtail.models import Page

    send(admin_client, event_form)
    year = event_form.get_parent()
    # The home page holds the year that holds the submission.
    response = admin_client.post(f"/admin/bulk/wagtailcore/page/delete/?id={home_page.pk}", follow=True)
    assert "cannot be deleted: 1 event submission came in for it or a page under it" in text(response)
    # The year itself is referred to directly, which Wagtail's own usage check refuses.
    admin_client.post(f"/admin/bulk/wagtailcore/page/delete/?id={year.pk}")
    assert Page.objects.filter(pk__in=[home_page.pk, year.pk, event_form.pk]).count() == 3
    assert EventSubmission.objects.count() == 1
