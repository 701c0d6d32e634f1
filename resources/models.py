"""A year's resources: the films, reports, blogs and tools members shared during the
week, and branding materials for event organisers to download."""

from django.core.exceptions import ValidationError
from django.db import models

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core.models import BasePage


class ResourceKind(models.TextChoices):
    FILM = "film", "Film"
    REPORT = "report", "Report"
    BLOG = "blog", "Blog"
    TOOL = "tool", "Tool"
    OTHER = "other", "Other"


# Section headings on the resources page, in the order the sections appear.
KIND_HEADINGS = {
    ResourceKind.FILM: "Films",
    ResourceKind.REPORT: "Reports",
    ResourceKind.BLOG: "Blogs",
    ResourceKind.TOOL: "Tools",
    ResourceKind.OTHER: "Other resources",
}


class ResourceIndexPage(BasePage):
    """A year's resources page: films, reports, blogs and tools that members shared
    during the week, and branding materials for people organising an event.

    Add each resource in the list below, in the order readers should see it; the page
    groups them by kind. A resource links to an address elsewhere or to a file in the
    Documents library. If neither was ever recorded, leave both empty and say so in its
    description: the page shows that no link is held.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "document-link"])

    content_panels = BasePage.content_panels + [
        FieldPanel("intro"),
        InlinePanel("resources", heading="Resources", label="resource"),
        InlinePanel(
            "branding_materials",
            heading="Branding materials for event organisers",
            label="file",
            help_text="Logos, posters and templates for people holding an event. Upload each file to Documents.",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.RelatedFields(
            "resources",
            [
                index.SearchField("title"),
                index.SearchField("description"),
                index.SearchField("get_kind_display"),
                index.RelatedFields("organisation", [index.SearchField("name")]),
            ],
        ),
        index.RelatedFields("branding_materials", [index.SearchField("title"), index.SearchField("description")]),
    ]

    parent_page_types = ["campaign.CampaignYearPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "resources page"

    def resource_sections(self):
        """[(heading, [resource, …]), …] in the order of KIND_HEADINGS, empty kinds left out."""
        resources = list(self.resources.select_related("organisation", "document", "event").all())
        sections = []
        for kind, heading in KIND_HEADINGS.items():
            of_kind = [resource for resource in resources if resource.kind == kind]
            if of_kind:
                sections.append((heading, of_kind))
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["resource_sections"] = self.resource_sections()
        context["branding_materials"] = list(self.branding_materials.select_related("document").all())
        return context


class Resource(Orderable):
    """One film, report, blog or tool on a year's resources page."""

    page = ParentalKey(ResourceIndexPage, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=ResourceKind.choices, default=ResourceKind.FILM)
    description = models.TextField(blank=True, max_length=1000)
    link = models.URLField(
        blank=True, max_length=500, help_text="Where to watch, read or use it: an address on another website."
    )
    # PROTECT: the Documents library refuses to delete a file a resource still offers,
    # and says where it is used.
    document = models.ForeignKey(
        get_document_model_string(),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Or a file from the Documents library, such as a report as a PDF.",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="shared_resources",
        verbose_name="shared by",
        help_text="The organisation that shared it. Leave empty if the source does not say.",
    )
    event = models.ForeignKey(
        "campaign.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resources",
        verbose_name="launched at",
        help_text="The event where it was launched or shown, if any. The event's page then links here.",
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("link"), FieldPanel("document")], heading="Where to find it (one or the other)"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("event")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "resource"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.link and self.document_id:
            raise ValidationError(
                {"document": "Give a link or a document, not both: readers get one place to find the resource."}
            )


class BrandingMaterial(Orderable):
    """A file for event organisers: a logo, a poster, a slide template."""

    page = ParentalKey(ResourceIndexPage, on_delete=models.CASCADE, related_name="branding_materials")
    title = models.CharField(max_length=255, help_text="For example: Co-production Week logo (PNG).")
    description = models.CharField(max_length=300, blank=True, help_text="What it is for, in a sentence.")
    document = models.ForeignKey(get_document_model_string(), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "branding material"

    def __str__(self):
        return self.title
