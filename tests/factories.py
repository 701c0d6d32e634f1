"""Factories for the page tree and snippets. Pages are built under a real parent with
treebeard, as an editor's would be."""

import datetime

import factory
import wagtail_factories

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage
from campaign.models import CampaignYearPage, EventHost, EventPage, ProgrammeDayPage
from core.models import Organisation, Person
from home.models import StandardPage
from resources.models import ResourceIndexPage


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    council_area = "glasgow-city"

    class Meta:
        model = Organisation


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    role = "Community worker"
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = Person


class CampaignYearPageFactory(wagtail_factories.PageFactory):
    year = factory.Sequence(lambda n: 2030 + n)
    title = factory.LazyAttribute(lambda o: f"Co-production Week Scotland {o.year}")
    slug = factory.LazyAttribute(lambda o: str(o.year))
    theme = "power"
    start_date = factory.LazyAttribute(lambda o: datetime.date(o.year, 11, 20))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=6))

    class Meta:
        model = CampaignYearPage


class ProgrammeDayPageFactory(wagtail_factories.PageFactory):
    date = factory.LazyAttribute(lambda o: o.parent.start_date)
    title = factory.LazyAttribute(lambda o: f"{o.date:%A} {o.date.day} {o.date:%B}")

    class Meta:
        model = ProgrammeDayPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    kind = "event"
    date = factory.LazyAttribute(lambda o: o.parent.date)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)
    town = "Glasgow"
    council_area = "glasgow-city"
    description = "<p>People meet to share what co-production means to them.</p>"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def hosts(obj, create, extracted, **kwargs):
        for organisation in extracted or []:
            EventHost.objects.create(page=obj, organisation=organisation)


# --- Calendars and event submissions ---------------------------------------------------
class CalendarPageFactory(wagtail_factories.PageFactory):
    title = "Calendar"
    slug = "calendar"

    class Meta:
        model = "campaign.CalendarPage"


class AddEventFormPageFactory(wagtail_factories.PageFactory):
    title = "Add your event"
    slug = "add-your-event"

    class Meta:
        model = "submissions.AddEventFormPage"


class SubmissionFactory(factory.django.DjangoModelFactory):
    """What every submission has; `form_page` is the form page under a year it came through."""

    form_page = None
    campaign_year = factory.LazyAttribute(lambda o: o.form_page.get_parent().specific)
    contact_name = "Ailsa Brown"
    contact_email = "ailsa@example.org"
    consent_to_publish = True

    class Meta:
        abstract = True


class EventSubmissionFactory(SubmissionFactory):
    """A submission received through `form_page` (an AddEventFormPage under a year)."""

    title = factory.Sequence(lambda n: f"Submitted event {n}")
    kind = "workshop"
    date = factory.LazyAttribute(lambda o: o.campaign_year.start_date)
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 30)
    organisation_name = "Fife Community Voices"
    attendance_mode = "in-person"
    venue = "Community hall"
    town = "Kirkcaldy"
    council_area = "fife"
    description = "A workshop on sharing power.\n\nEveryone welcome."

    class Meta:
        model = "submissions.EventSubmission"


# --- Stories ----------------------------------------------------------------------------
class ShareStoryFormPageFactory(wagtail_factories.PageFactory):
    title = "Share your story"
    slug = "share-your-story"

    class Meta:
        model = "submissions.ShareStoryFormPage"


class StorySubmissionFactory(SubmissionFactory):
    """A story received through `form_page` (a ShareStoryFormPage under a year);
    `photos` is a list of captions, one real PNG photo each."""

    title = factory.Sequence(lambda n: f"Shared story {n}")
    story = "We started meeting in the library every Tuesday.\n\nNow the people who use it help run it."
    video_url = "https://youtu.be/AbCdEfGhIjK"
    organisation_name = "Fife Community Voices"
    permission_from_people_shown = True

    class Meta:
        model = "submissions.StorySubmission"
        skip_postgeneration_save = True

    @factory.post_generation
    def photos(obj, create, extracted, **kwargs):
        from core.uploads import check_image
        from submissions.models import StoryPhoto

        for order, caption in enumerate(extracted or []):
            upload = png_file(f"photo-{order + 1}.png", size=(60 + order, 40))
            upload.checked_image = check_image(upload)
            StoryPhoto.from_upload(obj, order, upload, caption).save()


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "Blog"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPostPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Post {n}")
    summary = "A post about sharing power."
    release_date = datetime.date(2030, 11, 20)

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        for person in extracted or []:
            BlogPostAuthor.objects.create(page=obj, person=person)


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")

    class Meta:
        model = StandardPage


# --- Images, documents and resources --------------------------------------------------
def root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node()


class ImageFactory(wagtail_factories.ImageFactory):
    collection = factory.LazyFunction(root_collection)
    file = factory.django.ImageField(width=1600, height=900, color="teal", filename="photo.jpg")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(root_collection)
    file = factory.django.FileField(filename="logo-pack.pdf", data=b"%PDF-1.4 branding pack")

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def measured(obj, create, extracted, **kwargs):
        # The admin's upload form records each file's size; do as it does.
        obj.get_file_size()


class ResourceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"

    class Meta:
        model = ResourceIndexPage


class UserFactory(factory.django.DjangoModelFactory):
    """An admin user; `groups` names the Wagtail groups (roles) they belong to."""

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.LazyAttribute(lambda o: o.username.capitalize())
    password = factory.django.Password("a-long-test-password")

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        for name in extracted or []:
            obj.groups.add(Group.objects.get(name=name))


def png_file(name="photo.png", size=(40, 30)):
    """A small real PNG, as a browser uploads it."""
    import io

    from PIL import Image

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
