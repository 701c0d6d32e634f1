"""The network's front door and the general-purpose page."""

import functools

from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.in_process import own_copy
from core.models import BasePage
from core.years import live_years


class HomePage(BasePage):
    """The front door of the site. It leads with the current campaign year (the one
    running now or coming next, else the latest) and lists every year with its theme
    and dates. Years are added as children of this page."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="A sentence or two about Co-production Week Scotland, shown above the years.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["campaign.CampaignYearPage", "home.StandardPage"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from campaign.models import CampaignYearPage, YearStatus
        from yearly.numbers import published_numbers_for, published_numbers_for_year

        context = super().get_context(request, *args, **kwargs)
        # Kept by each process until content changes; each request its own copies, as
        # their numbers are set on them below.
        years = [
            own_copy(year) for year in live_years() if year.path.startswith(self.path) and year.depth == self.depth + 1
        ]
        # Each year's status from one reading of the date (not one per question).
        today = timezone.localdate()
        archived = [year for year in years if year.status(today) == YearStatus.ARCHIVED]
        archived_pks = {year.pk for year in archived}
        featured = CampaignYearPage.pick_featured(years, today)
        others = [year for year in years if year is not featured]
        context["featured_year"] = featured
        # Still to come (besides the featured year), soonest first; then the archive.
        context["coming_years"] = sorted((y for y in others if y.pk not in archived_pks), key=lambda y: y.start_date)
        context["past_years"] = [year for year in others if year.pk in archived_pks]
        context["previous_year"] = featured.previous_year(years) if featured else None
        context["today"] = today
        # What each archived year amounted to, counted from its content (yearly app),
        # looked up only if shown: the featured year's on each view, the others' (all at
        # once) only when their list, kept rendered, is put together again.
        counted = SimpleLazyObject(lambda: {numbers.year.pk: numbers for numbers in published_numbers_for(archived)})
        for year in archived:
            if year is featured:
                year.numbers = SimpleLazyObject(functools.partial(published_numbers_for_year, year))
            else:
                year.numbers = SimpleLazyObject(lambda pk=year.pk: counted[pk])
        return context


class StandardPage(BasePage):
    """A general page: about the network, resources, how to get involved, the
    accessibility statement. Can sit under the home page or under a year."""

    intro = models.TextField(blank=True, max_length=500, help_text="A short summary shown under the title.")
    body = StreamField(BaseStreamBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "campaign.CampaignYearPage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"
