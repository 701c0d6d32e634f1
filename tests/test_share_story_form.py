"""'Share your story': a member sends a story, a video link and photos. Photos are
checked by their content before anything is kept; a story that fails any check leaves
nothing behind (no record, no file); a good one is stored whole, privately, before any
email; a robot gets the same neutral refusal as on every other form."""

import logging
import re
import smtplib
import time
from pathlib import Path

import pytest

from django.conf import settings as django_settings
from django.core import mail
from django.test import override_settings

from submissions.forms import HTML_MESSAGE, StorySubmissionForm
from submissions.models import ShareStoryFormPage, StoryPhoto, StorySubmission
from submissions.models.stories import VIDEO_LINK_MESSAGE
from submissions.spam import sign_started
from tests.factories import StorySubmissionFactory
from tests.responses import text
from tests.submission_fixtures import image_bytes, jpeg, png, stored_files, story_data, upload, webp


def send(client, form_page, **changes):
    return client.post(form_page.url, story_data(**changes), REMOTE_ADDR="203.0.113.7")


def error_summary(response) -> str:
    page = text(response)
    start = page.index('class="error-summary"')
    return page[start : page.index("</ul>", start)]


def three_photos() -> dict:
    return {
        "photo_1": jpeg("Tuesday group.JPG"),
        "caption_1": "Members of the Tuesday group around a table in the library.",
        "photo_2": png("new-sign.png"),
        "caption_2": "The new sign the group designed for the front door.",
        "photo_4": webp("volunteers.webp"),
        "caption_4": "Three volunteers at the issue desk.",
    }


# --- The form --------------------------------------------------------------------------
def test_the_form_asks_every_question_and_takes_files(client, story_form):
    response = client.get(story_form.url)
    assert response.status_code == 200
    page = text(response)
    for label in [
        "Title of your story",
        "Your story",
        "Link to a video (optional)",
        "Photo 1",
        "Caption for photo 1",
        "Photo 5",
        "Caption for photo 5",
        "Your name",
        "Your organisation (optional)",
        "Your email address",
        "Everyone shown in my photos or filmed in my video has agreed",
        "I agree that my story, photos and video link",
    ]:
        assert label in page, label
    assert 'enctype="multipart/form-data"' in page
    assert page.count('type="file"') == 5
    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in page
    assert "Up to 5 photos: JPEG, PNG, GIF or WebP, up to 10 MB and 40 megapixels each." in page
    assert 'aria-describedby="form-section-2-hint"' in page, "the photo section's hint belongs to its fieldset"
    assert "no-cache" in response["Cache-Control"]
    assert 'class="hp-field" aria-hidden="true"' in page


# --- A good story -------------------------------------------------------------------------
def test_a_story_with_three_photos_is_stored_whole_and_privately(client, story_form, settings):
    settings.SUBMISSIONS_STAFF_EMAIL = "team@example.org"
    response = send(client, story_form, **three_photos())
    assert response.status_code == 302
    story = StorySubmission.objects.get()
    assert story.title == "Our library, our rules"
    assert story.story == "We started meeting in the library every Tuesday.\n\nNow the people who use it help run it."
    assert story.video_url == "https://www.youtube.com/watch?v=AbCdEfGhIjK"
    assert story.video_host == "YouTube"
    assert (story.contact_name, story.organisation_name) == ("Ailsa Brown", "Fife Community Voices")
    assert story.permission_from_people_shown
    assert story.consent_to_publish
    assert story.status == "new"
    assert story.campaign_year.year == 2031
    assert story.form_page_id == story_form.pk

    photos = list(story.photos.all())
    assert [(p.original_filename, p.image_format, p.caption) for p in photos] == [
        ("Tuesday group.JPG", "JPEG", "Members of the Tuesday group around a table in the library."),
        ("new-sign.png", "PNG", "The new sign the group designed for the front door."),
        ("volunteers.webp", "WEBP", "Three volunteers at the issue desk."),
    ]
    assert [(p.width, p.height) for p in photos] == [(320, 240)] * 3

    # The files are in the private folder, under random names, and nowhere public.
    private_root = Path(django_settings.PRIVATE_MEDIA_ROOT)
    files = stored_files()
    assert sorted(files) == sorted(private_root / p.file.name for p in photos)
    for photo in photos:
        name = Path(photo.file.name).name
        assert re.fullmatch(r"[0-9a-f]{32}\.(jpg|png|webp)", name), name
        assert photo.file.name.startswith("story-photos/")
        with pytest.raises(ValueError, match="no public address"):
            photo.file.url  # noqa: B018

    thanks = client.get(response["Location"])
    assert response["Location"].startswith("/2031/share-your-story/thank-you/?ref=")
    assert "Thank you, we have your story" in text(thanks)
    assert "We have received “Our library, our rules” with 3 photos." in text(thanks)

    to_member, to_staff = mail.outbox
    assert to_member.to == ["ailsa@example.org"]
    assert to_member.subject == "We have your story: Our library, our rules"
    assert "Photos: Tuesday group.JPG, new-sign.png, volunteers.webp" in to_member.body
    assert to_staff.to == ["team@example.org"]
    assert to_staff.subject == "New story shared: Our library, our rules"
    assert "From: Ailsa Brown, Fife Community Voices <ailsa@example.org>" in to_staff.body
    assert "Photos: 3" in to_staff.body
    assert f"http://testserver/admin/submissions/storysubmission/inspect/{story.pk}/" in to_staff.body


def test_a_written_story_needs_no_photo_video_or_organisation(client, story_form):
    response = send(client, story_form, video_url="", organisation_name="")
    assert response.status_code == 302
    story = StorySubmission.objects.get()
    assert (story.video_url, story.organisation_name, story.photos.count()) == ("", "", 0)
    assert "We have received “Our library, our rules”." in text(client.get(response["Location"]))


def test_the_content_decides_the_type_not_the_name(client, story_form):
    """A PNG called .jpg is found out by its content, and the member is told the name
    it should have; nothing is kept until it is sent again as what it is."""
    response = send(
        client, story_form, photo_1=upload("holiday.jpg", image_bytes("PNG"), "image/jpeg"), caption_1="A park."
    )
    assert "“holiday.jpg” is a PNG image, but its name ends in “.jpg”: rename it to end in .png" in text(response)
    assert not StorySubmission.objects.exists()
    assert stored_files() == []
    send(client, story_form, photo_1=upload("holiday.png", image_bytes("PNG"), "image/png"), caption_1="A park.")
    photo = StoryPhoto.objects.get()
    assert (photo.original_filename, photo.image_format) == ("holiday.png", "PNG")
    assert photo.file.name.endswith(".png")


GOOD_VIDEO_LINKS = [
    "https://www.youtube.com/watch?v=AbCdEfGhIjK",
    "https://youtube.com/watch?feature=share&v=AbCdEfGhIjK&t=42",
    "https://m.youtube.com/watch?v=AbCdEfGhIjK",
    "https://youtu.be/AbCdEfGhIjK?si=xyz",
    "https://www.youtube.com/shorts/AbCdEfGhIjK",
    "https://www.youtube-nocookie.com/embed/AbCdEfGhIjK",
    "https://vimeo.com/123456789",
    "https://vimeo.com/123456789/abc123def0",
    "https://player.vimeo.com/video/123456789",
    "https://vimeo.com/channels/staffpicks/123456789",
    "http://vimeo.com/123456789",
]
BAD_VIDEO_LINKS = [
    "https://www.youtube.com/@ScotCoPro",
    "https://www.youtube.com/watch?v=short",
    "https://vimeo.com/about",
    "https://vimeo.com.evil.example/123456789",
    "https://evil.example/?u=https://youtu.be/AbCdEfGhIjK",
    "my film on youtube",
    "javascript:alert(1)//youtu.be/AbCdEfGhIjK",
    "ftp://youtu.be/AbCdEfGhIjK",
]


# The form on its own: no page, no database.
@pytest.mark.parametrize("link", GOOD_VIDEO_LINKS)
def test_youtube_and_vimeo_links_are_taken(link):
    form = StorySubmissionForm(story_data(video_url=link))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["video_url"] == link


@pytest.mark.parametrize("link", BAD_VIDEO_LINKS)
def test_other_links_are_not_taken_as_videos(link):
    form = StorySubmissionForm(story_data(video_url=link))
    assert not form.is_valid()
    assert form.errors["video_url"] == [VIDEO_LINK_MESSAGE]


def test_a_link_typed_without_https_gets_it(client, story_form):
    send(client, story_form, video_url="youtu.be/AbCdEfGhIjK")
    assert StorySubmission.objects.get().video_url == "https://youtu.be/AbCdEfGhIjK"


def test_a_mail_server_failure_loses_nothing(client, story_form, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr("submissions.emails.send_mail", broken)
    with caplog.at_level(logging.ERROR, logger="submissions.emails"):
        response = send(client, story_form, **three_photos())
    assert response.status_code == 302, "the member still gets the confirmation"
    story = StorySubmission.objects.get()
    assert story.photos.count() == 3
    assert len(stored_files()) == 3
    assert "Could not send the confirmation email" in caplog.text


def test_a_failure_while_storing_keeps_nothing_at_all(client, story_form, monkeypatch):
    """The story and its photos are one: if the third photo cannot be recorded, the
    story and the first two photos' files go too."""
    real_save = StoryPhoto.save
    saved = []

    def failing_save(photo, *args, **kwargs):
        saved.append(photo)
        if len(saved) == 3:
            raise RuntimeError("database went away")
        return real_save(photo, *args, **kwargs)

    monkeypatch.setattr(StoryPhoto, "save", failing_save)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="database went away"):
        send(client, story_form, **three_photos())
    assert StorySubmission.objects.count() == 0
    assert StoryPhoto.objects.count() == 0
    assert stored_files() == []
    assert not mail.outbox


# --- Bad photos: the file named, the reason given, nothing kept ----------------------------
def truncated_jpeg(name="cut-short.jpg"):
    whole = image_bytes("JPEG", (400, 300), noise=True)
    return upload(name, whole[: len(whole) // 2])


def twelve_megabytes(name="big.jpg"):
    # A real JPEG with padding after its end: the size alone refuses it.
    return upload(name, image_bytes("JPEG") + b"\0" * (12 * 1024 * 1024))


# Each photo is made when the test runs (an upload can be sent only once).
BAD_PHOTOS = {
    "a text file renamed .jpg": (
        lambda: upload("notes.jpg", b"Minutes of the Tuesday meeting\n"),
        "“notes.jpg” is not a photo we can take: it is not a JPEG, PNG, GIF or WebP image.",
    ),
    "an SVG": (
        lambda: upload(
            "logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg"
        ),
        "“logo.svg” is an SVG drawing: we can only take photos (JPEG, PNG, GIF or WebP).",
    ),
    "an SVG renamed .png": (
        lambda: upload("drawing.png", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "image/png"),
        "“drawing.png” is an SVG drawing",
    ),
    "a 12 MB image": (
        twelve_megabytes,
        "“big.jpg” is too big (12 MB): each photo must be 10 MB or smaller.",
    ),
    "a 50-megapixel image": (
        # One colour, so a small file that would unpack into 50 million pixels.
        lambda: upload("panorama.png", image_bytes("PNG", (10_000, 5_000), mode="1"), "image/png"),
        "“panorama.png” is 10,000 × 5,000 pixels (50 megapixels): photos can be at most 40 megapixels.",
    ),
    "a truncated JPEG": (
        truncated_jpeg,
        "“cut-short.jpg” could not be read: the file is damaged or incomplete.",
    ),
    "an empty file": (lambda: upload("nothing.jpg", b""), "“nothing.jpg” is empty: choose the photo again."),
    "a BMP": (lambda: upload("scan.bmp", image_bytes("BMP"), "image/bmp"), "“scan.bmp” is not a photo we can take"),
}


@pytest.mark.parametrize(("photo", "message"), BAD_PHOTOS.values(), ids=BAD_PHOTOS.keys())
def test_each_bad_photo_is_named_with_its_reason_and_nothing_is_kept(client, story_form, photo, message):
    # A good photo comes first: it is not kept either.
    response = send(
        client, story_form, photo_1=jpeg("fine.jpg"), caption_1="A fine photo.", photo_2=photo(), caption_2="Bad one."
    )
    assert response.status_code == 200
    assert re.search(r'<a href="#id_photo_2">[^<]*' + re.escape(message), error_summary(response))
    page = text(response)
    assert '<p class="field__error" id="id_photo_2_error">' in page
    assert "The photos you chose were not kept, because the form needs changes: choose them again" in page
    assert "A fine photo." in page, "captions are kept"
    assert StorySubmission.objects.count() == 0
    assert StoryPhoto.objects.count() == 0
    assert stored_files() == [], "no file written"
    assert not mail.outbox


def test_several_bad_photos_each_get_their_own_message(client, story_form):
    response = send(
        client,
        story_form,
        photo_1=upload("notes.jpg", b"just text"),
        caption_1="One",
        photo_3=twelve_megabytes(),
        caption_3="Three",
    )
    summary = error_summary(response)
    assert re.findall(r'href="#(id_\w+)"', summary) == ["id_photo_1", "id_photo_3"]
    assert "“notes.jpg” is not a photo" in summary
    assert "“big.jpg” is too big" in summary


# --- Other bad answers ---------------------------------------------------------------------
BAD_ANSWERS = {
    "no permission from people shown": (
        {"permission_from_people_shown": None},
        {"permission_from_people_shown": "Tick the box to confirm that everyone shown or filmed has agreed."},
    ),
    "no consent to publish": (
        {"consent_to_publish": None},
        {"consent_to_publish": "Tick the box to agree that we can publish your story."},
    ),
    "no title": ({"title": ""}, {"title": "Enter a title for your story."}),
    "no story": ({"story": ""}, {"story": "Write your story: a few sentences are enough."}),
    "no name": ({"contact_name": ""}, {"contact_name": "Enter your name."}),
    "bad email": ({"contact_email": "ailsa.example.org"}, {"contact_email": "Enter an email address like"}),
    "a video elsewhere": ({"video_url": "https://example.org/our-film.mp4"}, {"video_url": VIDEO_LINK_MESSAGE}),
    "a YouTube look-alike": (
        {"video_url": "https://youtube.com.evil.example/watch?v=AbCdEfGhIjK"},
        {"video_url": VIDEO_LINK_MESSAGE},
    ),
    "story too long": (
        {"story": "y" * 10_001},
        {"story": "Your story must be 10000 characters or fewer; it has 10001."},
    ),
    "HTML in the story": ({"story": "Hello <img src=x onerror=alert(1)>"}, {"story": HTML_MESSAGE}),
    "HTML in a caption": (
        {"photo_1": None, "caption_1": "<b>Look</b>"},
        {"caption_1": HTML_MESSAGE},
    ),
    "a photo without a caption": (
        {"photo_1": "JPEG", "caption_1": ""},
        {"caption_1": "Write a caption for “photo.jpg”: what it shows and the story it tells."},
    ),
    "a caption without a photo": (
        {"caption_3": "Our garden"},
        {"photo_3": "Choose photo 3 for the caption you wrote, or clear the caption."},
    ),
    "a caption too long": (
        {"photo_1": "JPEG", "caption_1": "c" * 251},
        {"caption_1": "Caption for photo 1 must be 250 characters or fewer; it has 251."},
    ),
}


@pytest.mark.parametrize(("changes", "errors"), BAD_ANSWERS.values(), ids=BAD_ANSWERS.keys())
def test_each_bad_answer_gets_its_message_and_nothing_is_stored(client, story_form, changes, errors):
    changes = {name: jpeg() if value == "JPEG" else value for name, value in changes.items()}
    response = send(client, story_form, **changes)
    assert response.status_code == 200
    summary = error_summary(response)
    page = text(response)
    for field, message in errors.items():
        assert re.search(rf'<a href="#id_{field}">[^<]*{re.escape(message)}', summary), (field, summary)
        assert message in page[page.index(f'id="id_{field}_error"') :]
    assert StorySubmission.objects.count() == 0
    assert stored_files() == []
    assert not mail.outbox


def test_answers_are_kept_when_the_form_comes_back(client, story_form):
    response = send(client, story_form, consent_to_publish=None, title="Ours & theirs", caption_2="Our garden")
    page = response.content.decode()
    assert 'value="Ours &amp; theirs"' in page
    assert "We started meeting in the library every Tuesday." in page
    assert 'value="https://www.youtube.com/watch?v=AbCdEfGhIjK"' in page
    assert 'value="Our garden"' in page
    assert re.search(r'<input[^>]*id="id_permission_from_people_shown"[^>]*checked', page)
    # No photo was chosen, so there is nothing to choose again.
    assert "The photos you chose were not kept" not in page


# --- Spam: nothing stored, nothing written, the same neutral answer -------------------------
SPAM = {
    "honeypot filled": lambda: {"website": "https://cheap-pills.example"},
    "sent too fast": lambda: {"form_started": sign_started(time.time() - 1)},
    "no timestamp": lambda: {"form_started": None},
    "altered timestamp": lambda: {"form_started": sign_started(time.time() - 60)[:-2] + "xx"},
}


def test_spam_with_photos_is_refused_neutrally_and_nothing_is_written(client, story_form, caplog):
    bodies = set()
    with caplog.at_level(logging.WARNING, logger="submissions.spam"):
        for tampering in SPAM.values():
            response = send(client, story_form, **three_photos(), **tampering())
            assert response.status_code == 400
            assert "We could not accept the form" in text(response)
            bodies.add(response.content)
    assert len(bodies) == 1, "every refusal looks the same"
    assert StorySubmission.objects.count() == 0
    assert stored_files() == []
    assert not mail.outbox
    assert "honeypot" in caplog.text
    assert "sent too fast" in caplog.text


def test_spam_with_a_bad_photo_gets_no_hint_either(client, story_form):
    response = send(client, story_form, website="x", photo_1=upload("notes.jpg", b"text"), caption_1="x")
    assert response.status_code == 400
    assert "notes.jpg" not in text(response)


@override_settings(SUBMISSIONS_RATE_LIMIT=(1, 3600))
def test_the_rate_limit_counts_stories_too(client, story_form):
    assert send(client, story_form).status_code == 302
    refused = send(client, story_form, title="Second", **three_photos())
    assert refused.status_code == 400
    assert list(StorySubmission.objects.values_list("title", flat=True)) == ["Our library, our rules"]
    assert stored_files() == []


# --- Closed years, demo pages, deleting pages -----------------------------------------------
@pytest.mark.parametrize("year", [2017, 2018])
def test_the_demo_years_have_a_closed_story_form(client, demo, year):
    response = client.get(f"/{year}/share-your-story/")
    page = text(response)
    assert response.status_code == 200
    assert f"Submissions for {year} are closed." in page
    assert "Thank you to everyone who shared their stories." in page
    assert "<form" not in page.split('id="main"')[1]
    assert f'href="/{year}/share-your-story/"' in text(client.get(f"/{year}/")), "in the year's menu"


def test_a_closed_year_refuses_stories_with_their_photos(client, demo):
    form_page = ShareStoryFormPage.objects.get(url_path="/home/2017/share-your-story/")
    response = client.post(form_page.url, story_data(**three_photos()))
    assert response.status_code == 403
    assert "Submissions for 2017 are closed." in text(response)
    assert StorySubmission.objects.count() == 0
    assert stored_files() == []


def test_a_year_can_have_one_story_form(story_form):
    assert not ShareStoryFormPage.can_create_at(story_form.get_parent())


def test_pages_with_stories_cannot_be_deleted(admin_client, story_form):
    StorySubmissionFactory(form_page=story_form)
    response = admin_client.post(f"/admin/pages/{story_form.pk}/delete/", follow=True)
    assert "cannot be deleted: 1 story submission came in for it or a page under it" in text(response)
    assert ShareStoryFormPage.objects.filter(pk=story_form.pk).exists()
