"""Events on the programme: gatherings, Twitter chats, film launches and the rest."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from campaign.blocks import RecapStreamBlock
from core.council_areas import CouncilArea
from core.in_process import PerGeneration
from core.models import BasePage
from core.privacy import SitePageQuerySet
from core.related import RelatedOnceQuerySetMixin, related_once
from core.tree import parent_path
from core.validators import hashtag_validator

LONDON = ZoneInfo("Europe/London")

# What a calendar that has already imported an event must hear about: a change to any
# of these raises the event's SEQUENCE in the feeds (RFC 5545 3.8.7.4).
SCHEDULE_FIELDS = (
    "title",
    "date",
    "start_time",
    "end_time",
    "attendance_mode",
    "venue",
    "town",
    "council_area",
    "online_link",
)


class EventKind(models.TextChoices):
    EVENT = "event", "Event"
    TWITTER_CHAT = "twitter-chat", "Twitter chat"
    FILM = "film", "Film launch or screening"
    NETWORKING = "networking", "Networking"
    WORKSHOP = "workshop", "Workshop"
    WEBINAR = "webinar", "Webinar"
    OTHER = "other", "Other"


COUNCIL_AREA_NAMES = dict(CouncilArea.choices)


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    ONLINE = "online", "Online"
    MIXED = "mixed", "In person and online"


class EventQuerySet(RelatedOnceQuerySetMixin, SitePageQuerySet):
    def in_programme_order(self):
        """By day, then start time; events whose time was never announced come last."""
        return self.with_related("hosts", "organisation", select_related="organisation").order_by(
            "date", models.F("start_time").asc(nulls_last=True), "title"
        )


class EventPage(BasePage):
    """An event on a programme day: a gathering, a Twitter chat, a film launch, a
    networking day, a workshop or a webinar. Add it under the day it happens on; its
    date is that day's date. Times are Scottish local time (GMT or BST as the date
    falls); leave them empty if they were never announced.

    For a Twitter chat, give the question asked; after it, quote a few responses in
    the recap.
    """

    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.EVENT)
    # Copied from the parent day on every save, so listings and feeds can sort and
    # filter by date without walking the page tree.
    date = models.DateField(editable=False)
    start_time = models.TimeField(null=True, blank=True, help_text="Local time. Leave empty if not announced.")
    end_time = models.TimeField(null=True, blank=True, help_text="Must be after the start time.")
    attendance_mode = models.CharField(
        max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON, verbose_name="how to take part"
    )
    venue = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    council_area = models.CharField(max_length=40, choices=CouncilArea.choices, blank=True)
    online_link = models.URLField(blank=True, help_text="Where to join online, if it is online.")
    booking_link = models.URLField(blank=True)
    hashtag = models.CharField(max_length=100, blank=True, validators=[hashtag_validator])
    question = models.CharField(
        max_length=300, blank=True, help_text="For a Twitter chat: the question put to everyone taking part."
    )
    description = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recap = StreamField(
        RecapStreamBlock(),
        blank=True,
        help_text="After the event: how it went (for example 'almost 200 delegates'), responses, photographs.",
    )
    # The event's identity in people's calendars: set once, never derived from the
    # title or address, so renaming or moving the event updates it instead of
    # duplicating it. The sequence rises each time a published event is rescheduled,
    # moved or renamed (see `save`).
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")], heading="Time"),
        MultipleChooserPanel("hosts", chooser_field_name="organisation", heading="Hosted by", label="host"),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("town"),
                FieldPanel("council_area"),
                FieldPanel("online_link"),
            ],
            heading="Where",
        ),
        FieldPanel("booking_link"),
        FieldPanel("hashtag"),
        FieldPanel("question"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("recap"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("question"),
        index.SearchField("get_kind_display"),
        index.SearchField("hashtag"),
        index.SearchField("venue"),
        index.SearchField("town"),
        index.SearchField("get_council_area_display"),
        index.SearchField("recap"),
        index.RelatedFields("hosts", [index.RelatedFields("organisation", [index.SearchField("name")])]),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.FilterField("council_area"),
    ]

    parent_page_types = ["campaign.ProgrammeDayPage"]
    subpage_types = []
    own_image_field = "image"

    objects = PageManager.from_queryset(EventQuerySet)()
    # A copy is a new event for calendars, not the same one twice.
    exclude_fields_in_copy = ["calendar_uid", "calendar_sequence"]

    class Meta:
        verbose_name = "event"

    def clean(self):
        day = self.parent_for_validation()
        if day is not None:
            self.date = day.date
        errors = {}
        if self.end_time and not self.start_time:
            errors["start_time"] = "Give a start time as well as an end time."
        elif self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "The event must end after it starts."
        if self.attendance_mode == AttendanceMode.IN_PERSON and self.online_link:
            errors["attendance_mode"] = (
                "This event has a link to join online: choose 'Online' or 'In person and online'."
            )
        if errors:
            raise ValidationError(errors)
        super().clean()

    def save(self, *args, **kwargs):
        if self.path:
            self.date = self.day_date_from_tree()
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(SCHEDULE_FIELDS)):
            self._keep_calendar_identity()
        super().save(*args, **kwargs)

    def _keep_calendar_identity(self):
        """Keep the stored UID (a revision being published may not carry it) and raise
        the sequence when a published event's schedule, place or title changes."""
        stored = (
            EventPage.objects.filter(pk=self.pk)
            .values("calendar_uid", "calendar_sequence", "first_published_at", *SCHEDULE_FIELDS)
            .first()
        )
        if stored is None:
            return
        self.calendar_uid = stored["calendar_uid"]
        self.calendar_sequence = stored["calendar_sequence"]
        if stored["first_published_at"] and any(stored[name] != getattr(self, name) for name in SCHEDULE_FIELDS):
            self.calendar_sequence += 1

    def with_content_json(self, content):
        page = super().with_content_json(content)
        page.calendar_uid = self.calendar_uid
        page.calendar_sequence = self.calendar_sequence
        return page

    def day_date_from_tree(self) -> datetime.date:
        from campaign.models.days import ProgrammeDayPage

        return ProgrammeDayPage.objects.values_list("date", flat=True).get(path=parent_path(self.path))

    # --- Reading the event ------------------------------------------------------------
    @property
    def start(self) -> datetime.datetime | None:
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=LONDON) if self.start_time else None

    @property
    def end(self) -> datetime.datetime | None:
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=LONDON) if self.end_time else None

    @property
    def is_online(self) -> bool:
        return self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)

    @property
    def time_in_words(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time:%H:%M}–{self.end_time:%H:%M}"
        if self.start_time:
            return f"from {self.start_time:%H:%M}"
        return ""

    @property
    def when_in_words(self) -> str:
        """'Monday 27 November 2017, 12:00–13:00'."""
        day = f"{self.date:%A} {self.date.day} {self.date:%B %Y}"
        return f"{day}, {self.time_in_words}" if self.time_in_words else day

    @property
    def council_area_name(self) -> str:
        """'Glasgow City'; empty if not given. Not get_council_area_display(): Django
        rebuilds the 32 choices on every call, and a day's listing names forty places."""
        return COUNCIL_AREA_NAMES.get(self.council_area, self.council_area)

    @property
    def where_in_words(self) -> str:
        place = ", ".join(p for p in (self.venue, self.town, self.council_area_name) if p)
        if self.attendance_mode == AttendanceMode.ONLINE:
            return "Online"
        if self.attendance_mode == AttendanceMode.MIXED:
            return f"{place} and online" if place else "In person and online"
        return place

    @classmethod
    def serving_queryset(cls):
        """With its hosts, which its page, structured data and calendar links show."""
        return super().serving_queryset().with_related("hosts", "organisation", select_related="organisation")

    def host_organisations(self):
        # Asked for by the page, its structured data and its calendar entry.
        return related_once(self, "hosts", "organisation", select_related="organisation")

    @property
    def is_twitter_chat(self) -> bool:
        return self.kind == EventKind.TWITTER_CHAT

    def is_over(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.end:
            return self.end <= now
        return self.date < now.astimezone(LONDON).date()

    def recap_responses(self):
        """The responses quoted in the recap, shown together after the rest of it."""
        return [block for block in self.recap if block.block_type == "response"]

    def recap_story(self):
        """The recap without its quoted responses: text and photographs."""
        return [block for block in self.recap if block.block_type != "response"]

    # --- In other people's calendars --------------------------------------------------
    @property
    def ics_url(self) -> str:
        return reverse("calendar_event_feed", args=[self.pk])

    def related_addresses(self) -> list[str]:
        """Its own calendar entry and the site's feed of upcoming events (its day's and
        its year's feeds come with those pages)."""
        return [self.ics_url, reverse("calendar_upcoming_feed")]

    def get_context(self, request, *args, **kwargs):
        from campaign import calendars
        from campaign.structured_data import event_structured_data

        context = super().get_context(request, *args, **kwargs)
        url = self.get_full_url(request)

        def links():
            return (
                calendars.google_calendar_url(self, url),
                calendars.outlook_calendar_url(self, url),
                event_structured_data(self, request),
            )

        # They follow from the event alone (its picture's address from the host asked):
        # kept by each process until content changes, but a preview's are its draft's.
        if getattr(request, "is_preview", False):
            google, outlook, data = links()
        else:
            google, outlook, data = _links.get((self.pk, url, request.get_host()), links)
        context.update(google_calendar_url=google, outlook_calendar_url=outlook, structured_data=data)
        return context


# Each event's "add to calendar" links and structured data (core.in_process).
_links = PerGeneration("events:links", max_entries=5000)


class EventHost(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="hosts")
    # PROTECT: removing an organisation must not silently strip it from past events.
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="hosted_events")

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = "host"
        constraints = [models.UniqueConstraint(fields=["page", "organisation"], name="unique_event_host")]
