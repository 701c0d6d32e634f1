"""People and organisations: reusable records shown on events, posts and author pages."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from core.council_areas import CouncilArea
from core.validators import social_handle_validator


class Organisation(index.Indexed, models.Model):
    """An organisation that hosts events, writes posts or shares resources.

    Edit it once here and every event and post that names it shows the change.
    """

    name = models.CharField(
        max_length=200,
        unique=True,
        error_messages={"unique": "There is already an organisation with this name."},
    )
    website = models.URLField(blank=True)
    council_area = models.CharField(
        max_length=40,
        choices=CouncilArea.choices,
        blank=True,
        help_text="Where the organisation is based. Leave empty for national organisations.",
    )

    panels = [FieldPanel("name"), FieldPanel("website"), FieldPanel("council_area")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("council_area"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def pages_that_show_it(self):
        """The live pages that name it: the events it hosts and the posts of its people
        (a CDN in front is purged of them and their lists when it is edited: core.cdn)."""
        from wagtail.models import Page

        return Page.objects.live().filter(
            Q(pk__in=self.hosted_events.values("page_id")) | Q(pk__in=self.people.values("blog_posts__page_id"))
        )


class Person(index.Indexed, models.Model):
    """A network member credited as a blog author or event contact.

    Guest bloggers each have one, linked to their account, so their posts are credited
    to them automatically.
    """

    name = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=160,
        unique=True,
        blank=True,
        help_text="Used in the address of the person's author page. Filled in from the name if left empty.",
    )
    role = models.CharField(max_length=200, blank=True, help_text="For example: Director of Integration.")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = RichTextField(blank=True, features=["bold", "italic", "link"])
    social_handle = models.CharField(
        max_length=64,
        blank=True,
        validators=[social_handle_validator],
        help_text="For example @SCDC_Sam.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="The admin account of a guest blogger, so their posts are credited to them.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")],
            heading="Who they are",
        ),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("social_handle"),
        MultiFieldPanel([FieldPanel("slug"), FieldPanel("user")], heading="Advanced"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("role"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def pages_that_show_it(self):
        """The live posts it wrote (a CDN in front is purged of them, their lists and its
        author page when it is edited: core.cdn)."""
        from wagtail.models import Page

        return Page.objects.live().filter(pk__in=self.blog_posts.values("page_id"))

    @property
    def role_and_organisation(self) -> str:
        """'Director of Integration, the ALLIANCE' — whichever parts are known."""
        parts = [self.role, self.organisation.name if self.organisation_id else ""]
        return ", ".join(part for part in parts if part)

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:150] or "person"
        slug, n = base, 2
        while Person.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug
