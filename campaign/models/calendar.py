"""A year's calendar of events, day by day, with filters and feeds."""

from django.apps import apps
from django.core.paginator import Paginator

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from campaign.calendars import feed_addresses
from campaign.cards import EVENT_CARD
from core.in_process import PerGeneration
from core.models import BasePage

EVENTS_PER_PAGE = 50

# Each process keeps, until content changes, the hosts a calendar's filter offers,
# which events each choice of filters finds (ids and days) and its year's form page.
_listed = PerGeneration("calendar:listed")


class CalendarPage(BasePage):
    """The year's calendar: every published event of the week, grouped by day, with
    filters (kind, council area, online or in person, host) and a feed readers can
    subscribe to. Add one under a year; it fills itself from the year's events."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]

    parent_page_types = ["campaign.CampaignYearPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "calendar"

    def events(self):
        from campaign.models.events import EventPage

        year = self.campaign_year
        if year is None:
            return EventPage.objects.none()
        return EventPage.objects.descendant_of(year).live().public()

    def get_cached_paths(self):
        """Its numbered pages too, for a CDN's purge (core.cdn)."""
        from core.cdn import numbered_pages

        return ["/", *numbered_pages(self.events().count(), EVENTS_PER_PAGE)]

    def submission_page(self):
        """The year's 'Add your event' page, if it has one (looked up by name: the
        submissions app builds on this one, not the other way round)."""
        year = self.campaign_year
        try:
            form_page_model = apps.get_model("submissions", "AddEventFormPage")
        except LookupError:
            return None
        if year is None:
            return None
        return _listed.get_copy(
            ("submission page", year.pk), lambda: form_page_model.objects.child_of(year).live().public().first()
        )

    def get_context(self, request, *args, **kwargs):
        from campaign.forms import CalendarFilterForm

        context = super().get_context(request, *args, **kwargs)
        host_choices = _listed.get(("hosts", self.pk), lambda: CalendarFilterForm.host_choices_for(self.events()))
        form = CalendarFilterForm(request.GET, host_choices=host_choices)
        # Which events, by id and day (their cards are kept: core/cards.py), for each
        # choice of filters (only valid ones: a made-up value is no filter).
        chosen = tuple(sorted(form.choose().items()))
        matching = _listed.get(
            ("events", self.pk, chosen),
            lambda: list(form.apply(self.events()).in_programme_order().values_list("pk", "date", named=True)),
        )
        page_obj = Paginator(matching, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        shown = page_obj.object_list  # a slice of a list, read directly rather than item by item
        cards = EVENT_CARD.by_id(request, [event.pk for event in shown], heading_level=4)
        year = self.campaign_year
        days = {day.date: day for day in year.programme_days} if year else {}
        groups = []
        for event in shown:
            if not groups or groups[-1]["date"] != event.date:
                groups.append({"date": event.date, "day": days.get(event.date), "cards": []})
            if event.pk in cards:
                groups[-1]["cards"].append(cards[event.pk])
        context.update(
            filter_form=form,
            page_obj=page_obj,
            groups=groups,
            result_count=page_obj.paginator.count,
            submission_page=self.submission_page(),
        )
        if year:
            context["feed"] = feed_addresses(request, year.feed_url)
        return context
