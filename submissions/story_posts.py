"""Turning an accepted story into a draft blog post.

The post goes under the year's blog, credited to the person who shared the story, with
their text as the body, the video as a plain link (an embed would load the video
site's scripts on our page), and their photos copied from private storage into the
image library's "Stories" collection, each with its caption as the image's
description — the text read out to people who cannot see it, which the editor checks
before publishing. The copies lose the location a camera may have recorded in them.
"""

import dataclasses
import logging
import secrets

from django.core.files import File
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Collection

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage
from core.models import Person
from core.uploads import without_location
from submissions.actions import free_slug, organisation_named, plain_text_to_rich_text

logger = logging.getLogger("submissions")

STORIES_COLLECTION = "Stories"


class PhotoMissing(Exception):
    """A photo's file is no longer in private storage."""


@dataclasses.dataclass
class Credit:
    person: Person
    created: bool


def blog_for(submission) -> BlogIndexPage | None:
    """The blog of the story's year (live or draft), if it has one."""
    return BlogIndexPage.objects.child_of(submission.campaign_year).first()


def stories_collection() -> Collection:
    """The "Stories" collection (made by a data migration; made again if someone deleted it)."""
    existing = Collection.objects.filter(name=STORIES_COLLECTION, depth=2).first()
    return existing or Collection.get_first_root_node().add_child(name=STORIES_COLLECTION)


def credit_for(submission) -> Credit:
    """Who the post is credited to: the person whose admin account has the story's email
    address; else the person of that name with the same organisation (or, for a story
    sent without one, with none); else a new person in People, with their
    organisation matched by name or created. People have no email address of their
    own, so a name is the only other thing to go on."""
    person = Person.objects.filter(user__email__iexact=submission.contact_email).order_by("pk").first()
    if person is not None:
        return Credit(person, created=False)
    name = " ".join(submission.contact_name.split())
    organisation_name = " ".join(submission.organisation_name.split())
    namesakes = Person.objects.filter(name__iexact=name)
    if organisation_name:
        namesakes = namesakes.filter(organisation__name__iexact=organisation_name)
    else:
        namesakes = namesakes.filter(organisation__isnull=True)
    person = namesakes.order_by("pk").first()
    if person is not None:
        return Credit(person, created=False)
    organisation = organisation_named(organisation_name) if organisation_name else None
    return Credit(Person.objects.create(name=name, organisation=organisation), created=True)


def summary_for(submission) -> str:
    """'A story shared by Ailsa Brown of Fife Community Voices.' — something true for the
    listings until the editor writes a better summary."""
    who = submission.contact_name + (f" of {submission.organisation_name}" if submission.organisation_name else "")
    return f"A story shared by {who}."


def import_photos(submission, user) -> list:
    """Each photo of the story as a new image in the "Stories" collection, its caption as
    the description, linked back from the photo. Raises PhotoMissing if a file is gone;
    removes any image files it made before raising anything."""
    Image = get_image_model()
    collection = stories_collection()
    base_name = slugify(submission.title)[:60].strip("-") or "story"
    images = []
    try:
        for number, photo in enumerate(submission.photos.all(), start=1):
            try:
                source = photo.file.open("rb")
            except FileNotFoundError:
                raise PhotoMissing(photo.original_filename) from None
            with source:
                content = without_location(source) or source
                image = Image(
                    title=f"{submission.title} — photo {number}"[:255],
                    description=photo.caption[:255],
                    collection=collection,
                    uploaded_by_user=user,
                    # A random part, so that the original (which keeps whatever the
                    # camera recorded) has no address anyone could guess.
                    file=File(content, name=f"{base_name}-{number}-{secrets.token_hex(6)}.{photo.extension}"),
                )
                image._set_image_file_metadata()
                image.save()
            images.append(image)
            photo.image = image
            photo.save(update_fields=["image"])
    except BaseException:
        for image in images:
            image.file.delete(save=False)
        raise
    return images


def story_body(submission, images) -> list[dict]:
    """The post's body: the story's paragraphs, a link to the video, then the photos."""
    body = [{"type": "paragraph", "value": plain_text_to_rich_text(submission.story)}]
    if submission.video_url:
        host = submission.video_host or "the web"
        link = f'<p><a href="{escape(submission.video_url)}">Watch the video on {host}</a></p>'
        body.append({"type": "paragraph", "value": link})
    body.extend({"type": "image", "value": {"image": image.pk, "caption": "", "decorative": False}} for image in images)
    return body


def draft_post_from(submission, blog: BlogIndexPage, user, credit: Credit) -> BlogPostPage:
    """A draft post under `blog` holding the story, its video link and its photos."""
    images = import_photos(submission, user)
    try:
        post = BlogPostPage(
            title=submission.title,
            slug=free_slug(blog, submission.title, fallback="story"),
            summary=summary_for(submission),
            body=story_body(submission, images),
            authors=[BlogPostAuthor(person=credit.person)],
            live=False,
            owner=user,
        )
        blog.add_child(instance=post)
        post.save_revision(user=user, log_action=True)
    except BaseException:
        for image in images:
            image.file.delete(save=False)
        raise
    return post
