"""The stories inbox: list, filter, search, export, the review page with its photos
(served to staff only), "Create draft post" and decline. Nothing there creates, edits
or deletes a story."""

import csv
import io
import re
from pathlib import Path

import pytest
from PIL import Image as PILImage

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, ModelLogEntry

from blog.models import BlogIndexPage, BlogPostPage
from core.models import Organisation, Person
from core.uploads import check_image
from submissions.models import StoryPhoto
from tests.factories import PersonFactory, StorySubmissionFactory, UserFactory
from tests.responses import text, words
from tests.submission_fixtures import photo_with_location, stored_files, upload

INBOX = "/admin/submissions/storysubmission/"
CAPTIONS = [
    "Members of the Tuesday group around a table in the library.",
    "The new sign the group designed for the front door.",
    "Three volunteers at the issue desk.",
]


def url(action, story) -> str:
    return f"{INBOX}{action}/{story.pk}/"


def photo_url(photo) -> str:
    return reverse("submissions_story_photo", args=[photo.pk])


@pytest.fixture
def story(story_form):
    return StorySubmissionFactory(form_page=story_form, title="Our library, our rules", photos=CAPTIONS)


# --- The list --------------------------------------------------------------------------
def test_the_inbox_lists_stories_with_their_photos_count(admin_client, story):
    page = text(admin_client.get(INBOX))
    assert "Our library, our rules" in page
    assert "Fife Community Voices" in page
    assert '<td class="field-photo_count title">3</td>' in page
    assert ">Review<" in page
    assert ">Create draft post<" in page
    assert ">Decline<" in page
    assert ">Delete<" not in page
    assert ">Edit<" not in page
    menu = text(admin_client.get("/admin/"))
    assert INBOX in menu
    assert "/admin/submissions/eventsubmission/" in menu


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=new", {"New one"}),
        ("status__exact=declined", {"Declined one"}),
        ("year=2031", {"New one", "Declined one"}),
        ("q=issue+desk", {"New one"}),
        ("q=Orkney", {"Declined one"}),
        ("q=nobody@example.org", set()),
    ],
)
def test_filters_and_search(admin_client, story_form, query, expected):
    StorySubmissionFactory(form_page=story_form, title="New one", photos=CAPTIONS)
    StorySubmissionFactory(
        form_page=story_form, title="Declined one", status="declined", organisation_name="Orkney Voices"
    )
    page = text(admin_client.get(f"{INBOX}?{query}"))
    assert {title for title in ("New one", "Declined one") if title in page} == expected


def test_csv_export_holds_the_story_and_captions_with_formulas_neutralised(admin_client, story_form):
    StorySubmissionFactory(form_page=story_form, title="Our library, our rules", photos=CAPTIONS[:2])
    StorySubmissionFactory(form_page=story_form, title="=HYPERLINK(1)", story="@SUM(A1)", photos=["+caption"])
    response = admin_client.get(f"{INBOX}?export=csv")
    assert response["Content-Disposition"].startswith('attachment; filename="story-submissions.csv"')
    rows = {
        row["Story title"]: row for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    }
    library = rows["Our library, our rules"]
    assert library["Photos"] == "2"
    assert library["Photo captions"] == " | ".join(CAPTIONS[:2])
    assert library["Video link"] == "https://youtu.be/AbCdEfGhIjK"
    assert library["Story"].startswith("We started meeting in the library every Tuesday.")
    assert library["Permission from everyone shown or filmed"] == "Yes"
    hostile = rows["'=HYPERLINK(1)"]
    assert hostile["Story"] == "'@SUM(A1)"
    assert hostile["Photo captions"] == "'+caption"


# --- The review page and its photos --------------------------------------------------------
def test_the_review_page_shows_the_story_video_and_photos(admin_client, story):
    response = admin_client.get(url("inspect", story))
    page = text(response)
    assert '<h2 id="story-title">Our library, our rules</h2>' in page
    assert "<p>We started meeting in the library every Tuesday.</p>" in page
    assert '<a href="https://youtu.be/AbCdEfGhIjK"' in page
    for photo in story.photos.all():
        assert f'<img src="{photo_url(photo)}" alt="{photo.caption}"' in page
        assert f"Caption: {photo.caption}" in words(response)
    assert "ailsa@example.org" in page
    assert "Choose “Create draft post” to get a draft page to check and publish" in page
    assert url("accept", story) in page
    assert url("decline", story) in page
    assert "submissions/css/story-review.css" in page


def test_staff_see_a_photo_with_headers_that_keep_it_inert(admin_client, story):
    photo = story.photos.first()
    response = admin_client.get(photo_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert (
        b"".join(response.streaming_content) == Path(django_settings.PRIVATE_MEDIA_ROOT, photo.file.name).read_bytes()
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="photo-1.png"'
    download = admin_client.get(photo_url(photo) + "?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="photo-1.png"'


def test_nobody_else_sees_the_photos(client, story):
    photo = story.photos.first()
    # Not public: no address under /media/, and the admin view wants a login...
    assert not Path(django_settings.MEDIA_ROOT, photo.file.name).exists()
    assert client.get(photo_url(photo)).status_code == 302
    # ... and the right to review stories.
    guest = UserFactory(groups=["Guest bloggers"])
    client.force_login(guest)
    assert client.get(photo_url(photo)).status_code in (302, 403)
    assert client.get(url("inspect", story)).status_code in (302, 403)


def test_private_uploads_may_not_live_where_public_ones_are_served(settings, tmp_path):
    from submissions.storage import private_media_is_not_public

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    assert private_media_is_not_public() == []
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    (error,) = private_media_is_not_public()
    assert error.id == "submissions.E001"


def test_a_photo_whose_file_is_gone_is_not_found(admin_client, story):
    photo = story.photos.first()
    photo.file.delete(save=False)
    assert admin_client.get(photo_url(photo)).status_code == 404


# --- Create draft post -----------------------------------------------------------------------
def test_create_draft_post_makes_a_draft_with_the_photos_in_the_stories_collection(admin_client, admin_user, story):
    fife = Organisation.objects.create(name="Fife Community Voices")
    blog = BlogIndexPage.objects.child_of(story.campaign_year).get()
    confirm = words(admin_client.get(url("accept", story)))
    assert "This adds a draft post under Blog of Co-production Week Scotland 2031" in confirm
    assert "copied into the image library’s “Stories” collection with their captions as the description" in confirm

    response = admin_client.post(url("accept", story))
    post = BlogPostPage.objects.get(title="Our library, our rules")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[post.pk])
    assert post.get_parent().pk == blog.pk
    assert not post.live, "a draft, for an editor to check and publish"
    assert post.latest_revision is not None
    assert post.summary == "A story shared by Ailsa Brown of Fife Community Voices."

    # Credited to a new person, at the organisation already known.
    (person,) = post.author_people
    assert person.name == "Ailsa Brown"
    assert person.organisation == fife
    assert Organisation.objects.filter(name__iexact="Fife Community Voices").count() == 1

    # The body: the story's paragraphs, the video as a plain link, then the three photos.
    blocks = [(block.block_type, block.value) for block in post.body]
    assert [kind for kind, _ in blocks] == ["paragraph", "paragraph", "image", "image", "image"]
    assert blocks[0][1].source == (
        "<p>We started meeting in the library every Tuesday.</p><p>Now the people who use it help run it.</p>"
    )
    assert blocks[1][1].source == '<p><a href="https://youtu.be/AbCdEfGhIjK">Watch the video on YouTube</a></p>'
    images = [value["image"] for kind, value in blocks if kind == "image"]
    stories = Collection.objects.get(name="Stories")
    assert [image.collection for image in images] == [stories] * 3
    assert [image.description for image in images] == CAPTIONS
    assert [image.default_alt_text for image in images] == CAPTIONS
    assert {image.uploaded_by_user for image in images} == {admin_user}
    for image in images:
        assert (image.width, image.height) != (0, 0)
        assert image.file_size
        assert image.file_hash
        assert Path(django_settings.MEDIA_ROOT, image.file.name).is_file()
        assert re.fullmatch(r"original_images/our-library-our-rules-\d-[0-9a-f]{12}\.png", image.file.name)
    assert [photo.image for photo in story.photos.all()] == images

    story.refresh_from_db()
    assert story.status == "accepted"
    assert story.created_page_id == post.pk
    assert story.decided_by == admin_user
    assert ModelLogEntry.objects.filter(action="submissions.accept", object_id=str(story.pk)).exists()

    editor = admin_client.get(response["Location"])
    assert editor.status_code == 200
    message = text(editor)
    assert "Made a draft post from ‘Our library, our rules’, credited to Ailsa Brown (added to People just now)." in (
        message
    )
    assert "Its 3 photos are in the “Stories” collection" in message
    # The review page now links the photos to the library and the story to its post.
    review = text(admin_client.get(url("inspect", story)))
    assert reverse("wagtailimages:edit", args=[images[0].pk]) in review
    assert reverse("wagtailadmin_pages:edit", args=[post.pk]) in review


def test_the_library_copy_loses_the_location_the_camera_recorded(admin_client, story_form):
    story = StorySubmissionFactory(form_page=story_form)
    photo = upload("walk.jpg", photo_with_location())
    photo.checked_image = check_image(photo)
    StoryPhoto.from_upload(story, 0, photo, "On the coastal path.").save()
    admin_client.post(url("accept", story))
    image = StoryPhoto.objects.get(story=story).image
    with image.file.open() as file, PILImage.open(file) as copy:
        exif = copy.getexif()
    assert 0x8825 not in exif, "no GPS"
    assert exif[0x0112] == 6, "still the right way up"
    # The private original, for staff, is as it was sent.
    with StoryPhoto.objects.get(story=story).file.open() as file, PILImage.open(file) as original:
        assert 0x8825 in original.getexif()


def test_the_story_text_becomes_safe_rich_text(admin_client, story_form):
    story = StorySubmissionFactory(form_page=story_form, story="Line one\nLine two & <3\n\n\nAfter a gap", video_url="")
    admin_client.post(url("accept", story))
    post = BlogPostPage.objects.get(title=story.title)
    assert [block.block_type for block in post.body] == ["paragraph"]
    assert post.body[0].value.source == "<p>Line one<br/>Line two &amp; &lt;3</p><p>After a gap</p>"


def test_a_vimeo_video_is_named_as_such(admin_client, story_form):
    story = StorySubmissionFactory(form_page=story_form, video_url="https://vimeo.com/123456789")
    admin_client.post(url("accept", story))
    assert "Watch the video on Vimeo" in BlogPostPage.objects.get(title=story.title).body[1].value.source


def test_the_post_is_credited_to_the_person_with_that_email_address(admin_client, story_form):
    account = UserFactory(email="Ailsa@Example.org")
    known = PersonFactory(name="Ailsa B.", user=account)
    story = StorySubmissionFactory(form_page=story_form)
    admin_client.post(url("accept", story))
    assert BlogPostPage.objects.get(title=story.title).author_people == [known]
    assert not Person.objects.filter(name="Ailsa Brown").exists()


@pytest.mark.parametrize(
    ("known_at", "sent_with", "same_person"),
    [
        ("Fife Community Voices", "fife community voices", True),
        ("Orkney Voices", "Fife Community Voices", False),
        (None, "", True),
        (None, "Fife Community Voices", False),
    ],
)
def test_a_namesake_is_credited_only_at_the_same_organisation(
    admin_client, story_form, known_at, sent_with, same_person
):
    organisation = Organisation.objects.create(name=known_at) if known_at else None
    known = PersonFactory(name="Ailsa Brown", organisation=organisation)
    story = StorySubmissionFactory(form_page=story_form, contact_name=" ailsa  brown ", organisation_name=sent_with)
    admin_client.post(url("accept", story))
    (credited,) = BlogPostPage.objects.get(title=story.title).author_people
    assert (credited == known) is same_person
    if not same_person:
        assert credited.name == "ailsa brown"


def test_a_year_without_a_blog_is_refused_with_a_message(admin_client, story_form):
    BlogIndexPage.objects.child_of(story_form.get_parent()).get().delete()
    story = StorySubmissionFactory(form_page=story_form, photos=CAPTIONS)
    confirm = words(admin_client.get(url("accept", story)))
    assert "Co-production Week Scotland 2031 has no blog yet, so there is nowhere to put the post." in confirm
    assert "Create the draft post" not in confirm
    response = admin_client.post(url("accept", story))
    assert response.status_code == 200
    assert "has no blog yet, so there is nowhere to put the post. Add a blog index under" in text(response)
    story.refresh_from_db()
    assert story.status == "new"
    assert not BlogPostPage.objects.filter(title=story.title).exists()
    assert get_image_model().objects.count() == 0
    assert not Path(django_settings.MEDIA_ROOT).exists() or not any(Path(django_settings.MEDIA_ROOT).rglob("*.*"))


def test_a_missing_photo_file_is_refused_and_nothing_is_made(admin_client, story):
    last = story.photos.last()
    last.file.delete(save=False)
    response = admin_client.post(url("accept", story))
    assert "The photo “photo-3.png” can no longer be found in storage, so no post was made." in text(response)
    story.refresh_from_db()
    assert story.status == "new"
    assert not BlogPostPage.objects.filter(title=story.title).exists()
    assert get_image_model().objects.count() == 0
    # The two photos copied before the gap was found are not left in the library's folder.
    assert [path for path in stored_files() if Path(django_settings.MEDIA_ROOT) in path.parents] == []


def test_accepting_twice_makes_one_post(admin_client, story):
    admin_client.post(url("accept", story))
    again = admin_client.post(url("accept", story), follow=True)
    assert "was already accepted; nothing changed" in text(again)
    assert BlogPostPage.objects.filter(title=story.title).count() == 1
    assert get_image_model().objects.count() == 3


def test_two_stories_with_one_title_get_their_own_addresses(admin_client, story_form):
    first = StorySubmissionFactory(form_page=story_form, title="Power")
    second = StorySubmissionFactory(form_page=story_form, title="Power")
    admin_client.post(url("accept", first))
    admin_client.post(url("accept", second))
    assert sorted(BlogPostPage.objects.filter(title="Power").values_list("slug", flat=True)) == ["power", "power-2"]


# --- Decline ---------------------------------------------------------------------------
def test_decline_needs_a_reason_and_keeps_the_story_and_photos(admin_client, admin_user, story):
    no_reason = admin_client.post(url("decline", story), {"reason": ""})
    assert "Give a reason, so the team knows later why it was declined." in text(no_reason)
    response = admin_client.post(url("decline", story), {"reason": "No consent from the school."}, follow=True)
    assert "stays in the inbox with your reason" in text(response)
    story.refresh_from_db()
    assert (story.status, story.decline_reason, story.decided_by) == (
        "declined",
        "No consent from the school.",
        admin_user,
    )
    assert story.photos.count() == 3
    assert len(stored_files()) == 3, "the photos stay, privately"
    assert not BlogPostPage.objects.filter(title=story.title).exists()
    admin_client.post(url("accept", story))
    assert not BlogPostPage.objects.filter(title=story.title).exists()


# --- Who can review --------------------------------------------------------------------
def test_staff_groups_review_stories_and_moderators_can_check_story_images(client, story):
    stories = Collection.objects.get(name="Stories", depth=2)
    moderator = UserFactory(groups=["Moderators"])
    granted = set(
        GroupCollectionPermission.objects.filter(group__name="Moderators", collection=stories).values_list(
            "permission__codename", flat=True
        )
    )
    assert granted == {"choose_image", "change_image"}
    for group in ("Editors", "Moderators"):
        perms = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
        assert {"view_storysubmission", "change_storysubmission"} <= perms, group

    client.force_login(moderator)
    assert client.get(INBOX).status_code == 200
    assert client.get(photo_url(story.photos.first())).status_code == 200
    response = client.post(url("accept", story))
    post = BlogPostPage.objects.get(title=story.title)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[post.pk])
    image = StoryPhoto.objects.filter(story=story).first().image
    # The moderator can open the image to check its description.
    assert client.get(reverse("wagtailimages:edit", args=[image.pk])).status_code == 200


def test_a_reviewer_who_cannot_add_posts_is_told_so(client, django_user_model, story):
    reviewer = django_user_model.objects.create_user("reviewer", password="x-long-password-3")
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_storysubmission", "change_storysubmission"])
    )
    client.force_login(reviewer)
    response = client.post(url("accept", story))
    assert "You can’t add posts to Blog of Co-production Week Scotland 2031. Ask an editor" in text(response)
    story.refresh_from_db()
    assert story.status == "new"
    assert get_image_model().objects.count() == 0
