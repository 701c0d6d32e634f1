"""Stories that network members share: written, with a video link, and up to five photos.

The photos are checked before anything is kept (core/uploads.py: real JPEG, PNG, GIF
or WebP by content, at most 10 MB and 40 megapixels, whole) and stored privately
(submissions/storage.py) under random names until staff accept the story; accepting
copies them into the image library's "Stories" collection (submissions/stories.py).
"""

import os
import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat

from core.uploads import ACCEPTED_FORMATS, megapixels
from submissions.models.base import Submission, SubmissionFormPage
from submissions.storage import private_storage

MAX_PHOTOS = 5
VIDEO_LINK_MESSAGE = (
    "Enter a link to your video on YouTube or Vimeo, like https://www.youtube.com/watch?v=… "
    "or https://vimeo.com/123456789"
)
_YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"
_REST = r"(?:[?&#/]\S*)?"
# Links as YouTube and Vimeo give them out ("Share", the address bar, embed codes).
# Checked by pattern only: nothing is fetched while someone sends the form.
VIDEO_LINK_PATTERNS = {
    "YouTube": re.compile(
        r"^https?://(?:(?:www|m|music)\.)?(?:"
        rf"youtube\.com/(?:watch\?(?:\S*&)?v={_YOUTUBE_ID}|(?:shorts|embed|live|v)/{_YOUTUBE_ID})"
        rf"|youtube-nocookie\.com/embed/{_YOUTUBE_ID}"
        rf"|youtu\.be/{_YOUTUBE_ID}"
        rf"){_REST}$",
        re.IGNORECASE,
    ),
    "Vimeo": re.compile(
        r"^https?://(?:(?:www|player)\.)?vimeo\.com/"
        r"(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/|showcase/\d+/video/|album/\d+/video/)?\d+"
        rf"(?:/[0-9a-f]+)?{_REST}$",
        re.IGNORECASE,
    ),
}


def video_host(url: str) -> str:
    """'YouTube' or 'Vimeo' for a link to a video there, else ''."""
    for host, pattern in VIDEO_LINK_PATTERNS.items():
        if pattern.match(url or ""):
            return host
    return ""


def validate_video_link(value: str):
    if not video_host(value):
        raise ValidationError(VIDEO_LINK_MESSAGE, code="video_link")


class StorySubmission(Submission):
    """A story a network member shared through a 'Share your story' form: their
    words, a link to a video and up to five photos. Read it (and see its photos) on its
    review page; accept it to get a draft blog post with the photos, credited to them;
    decline it with a reason. Either way the record stays here."""

    title = models.CharField("story title", max_length=200)
    story = models.TextField("story", max_length=10_000)
    video_url = models.URLField("video link", blank=True, validators=[validate_video_link])
    organisation_name = models.CharField("organisation", max_length=200, blank=True)
    permission_from_people_shown = models.BooleanField(
        "permission from everyone shown or filmed",
        default=False,
        help_text="They confirmed that everyone shown in the photos or filmed in the video agreed to it being shared.",
    )

    class Meta(Submission.Meta):
        verbose_name = "story submission"

    def __str__(self):
        return self.title

    @property
    def video_host(self) -> str:
        return video_host(self.video_url)

    @property
    def credit(self) -> str:
        """'Ailsa Brown, Fife Community Voices' or just the name."""
        return ", ".join(part for part in (self.contact_name, self.organisation_name) if part)


def photo_path(instance, filename):
    # The stored name is random (see ShareStoryFormPage.save_submission); the name the
    # person gave the file is kept in `original_filename`, never used on disk.
    return f"story-photos/{instance.story.received_at:%Y/%m}/{os.path.basename(filename)}"


class StoryPhoto(models.Model):
    """A photo sent with a story, kept privately until the story is accepted."""

    story = models.ForeignKey(StorySubmission, on_delete=models.CASCADE, related_name="photos")
    sort_order = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(storage=private_storage, upload_to=photo_path, max_length=255)
    caption = models.CharField(max_length=250)
    original_filename = models.CharField(max_length=255)
    image_format = models.CharField(max_length=10, help_text="As Pillow read it: JPEG, PNG, GIF or WEBP.")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file_size = models.PositiveIntegerField(help_text="In bytes.")
    # The copy in the image library, once the story was accepted.
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "story photo"

    def __str__(self):
        return self.original_filename

    @property
    def mime_type(self) -> str:
        return ACCEPTED_FORMATS.get(self.image_format, ("", "application/octet-stream"))[1]

    @property
    def extension(self) -> str:
        return ACCEPTED_FORMATS.get(self.image_format, ("bin", ""))[0]

    @property
    def megapixels(self) -> str:
        return megapixels(self.width * self.height)

    @property
    def size_in_words(self) -> str:
        return filesizeformat(self.file_size)

    @classmethod
    def from_upload(cls, story, order: int, upload, caption: str) -> "StoryPhoto":
        """A photo of `story` from a checked upload (see core.uploads.CheckedImageField),
        its file written under a random name. Not yet saved to the database."""
        checked = upload.checked_image
        photo = cls(
            story=story,
            sort_order=order,
            caption=caption,
            original_filename=os.path.basename(upload.name)[:255],
            image_format=checked.format,
            width=checked.width,
            height=checked.height,
            file_size=checked.size,
        )
        upload.seek(0)
        photo.file.save(f"{uuid.uuid4().hex}.{checked.extension}", upload, save=False)
        return photo


class ShareStoryFormPage(SubmissionFormPage):
    """The 'Share your story' form of a year: network members send a written story, a
    link to a video and up to five photos, with their consent. Submissions arrive in the
    admin under Inbox › Stories, and the team is emailed about each one."""

    template = "submissions/share_story_form_page.html"
    thank_you_template = "submissions/share_story_thank_you.html"

    class Meta:
        verbose_name = "'Share your story' form"

    @property
    def form_class(self):
        from submissions.forms import StorySubmissionForm

        return StorySubmissionForm

    def save_submission(self, submission, form):
        """The story and its photos, all or nothing: if anything fails, the photo files
        already written are removed again (the caller's transaction undoes the rows)."""
        written = []
        try:
            super().save_submission(submission, form)
            for order, (upload, caption) in enumerate(form.photos()):
                photo = StoryPhoto.from_upload(submission, order, upload, caption)
                written.append(photo.file)
                photo.save()
        except BaseException:
            for file in written:
                file.storage.delete(file.name)
            raise
