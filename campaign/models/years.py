"""A year of Co-production Week Scotland: its own microsite at /<year>/."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from campaign.blocks import GuideStreamBlock, RecapStreamBlock, SocialAccountBlock
from campaign.cards import EVENT_LINE
from core.in_process import PerGeneration, own_copy
from core.models import BasePage
from core.privacy import public_q
from core.validators import hashtag_validator, social_handle_validator


class YearStatus(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    LIVE = "live", "Happening now"
    ARCHIVED = "archived", "Archive"


# Each year's blog as readers find it, by the year's id.
_public_blogs = PerGeneration("years:blogs")
_programme_days = PerGeneration("years:days")
_programme_previews = PerGeneration("years:programme")


def _kept(memo: PerGeneration, year, compute):
    """`memo`'s answer for a saved year; a year not saved yet (the preview of a new
    one) has no id to keep it under, and asks afresh."""
    return memo.get(year.pk, compute) if year.pk else compute()


class CampaignYearPage(BasePage):
    """One year's campaign microsite: theme, questions, dates, team and the guide to
    getting involved. Add its programme days, blog and other pages underneath.

    Whether it is upcoming, happening now or an archive follows from its dates; nobody
    has to remember to switch it. A year whose programme is not ready yet is just its
    dates and an announcement.
    """

    year = models.PositiveSmallIntegerField(
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="The year lives at /<year>/ for good.",
        error_messages={"unique": "There is already a page for this year."},
    )
    strapline = models.CharField(
        max_length=200, blank=True, help_text="For example: #CoProWeekScot: Co-production & Power"
    )
    theme = models.CharField(max_length=100, blank=True, help_text="One word or phrase, for example: power")
    summary = models.CharField(
        max_length=300, blank=True, help_text="One line shown in the list of years on the home page."
    )
    start_date = models.DateField()
    end_date = models.DateField()
    hashtag = models.CharField(max_length=100, default="#CoProWeekScot", validators=[hashtag_validator])
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    announcement = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="For a year whose programme is not ready yet: a short announcement shown instead of the guide.",
    )
    body = StreamField(GuideStreamBlock(), blank=True, verbose_name="guide to getting involved")
    recap = StreamField(
        RecapStreamBlock(), blank=True, help_text="How the week went, once it is over. Shown above the programme."
    )
    social_accounts = StreamField(
        [("account", SocialAccountBlock())], blank=True, help_text="The accounts the team posts from this year."
    )

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("year"),
                FieldPanel("strapline"),
                FieldPanel("theme"),
                FieldPanel("summary"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("hashtag"),
            ],
            heading="The year at a glance",
        ),
        FieldPanel("intro"),
        InlinePanel("key_questions", heading="Key questions", label="question"),
        FieldPanel("announcement"),
        FieldPanel("body"),
        InlinePanel("team_members", heading="Organising team", label="team member"),
        FieldPanel("social_accounts"),
    ]
    recap_panels = [FieldPanel("recap")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(recap_panels, heading="After the week"),
            ObjectList(BasePage.promote_panels, heading="Promote"),
            ObjectList(BasePage.settings_panels, heading="Settings"),
        ]
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("strapline"),
        index.SearchField("theme"),
        index.SearchField("hashtag"),
        index.SearchField("intro"),
        index.SearchField("announcement"),
        index.RelatedFields("key_questions", [index.SearchField("question")]),
        index.RelatedFields("team_members", [index.SearchField("name")]),
        index.SearchField("body"),
        index.SearchField("recap"),
        index.FilterField("year"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "campaign.ProgrammeDayPage",
        "blog.BlogIndexPage",
        "home.StandardPage",
        "resources.ResourceIndexPage",
        "campaign.CalendarPage",
        "submissions.AddEventFormPage",
        "submissions.ShareStoryFormPage",
    ]

    class Meta:
        verbose_name = "campaign year"
        ordering = ["-year"]

    def __str__(self):
        return self.title

    # --- Rules ------------------------------------------------------------------------
    def full_clean(self, *args, **kwargs):
        # The year's address is its number, so /2017/ stays /2017/ for good.
        if self.year:
            self.slug = str(self.year)
        super().full_clean(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = "The week must end on or after the day it starts."
            elif (self.end_date - self.start_date).days > 30:
                errors["end_date"] = "A campaign week can run for at most a month."
        if self.year and self.start_date and self.start_date.year != self.year:
            errors["start_date"] = f"The week of {self.year} must start in {self.year}."
        if not errors and self.pk and self.start_date and self.end_date:
            outside = self.days_outside(self.start_date, self.end_date)
            if outside:
                names = ", ".join(day.title for day in outside)
                errors["start_date"] = (
                    f"These programme days would fall outside the new dates: {names}. "
                    "Change or delete those days first."
                )
        if errors:
            raise ValidationError(errors)

    def days_outside(self, start: datetime.date, end: datetime.date):
        from campaign.models.days import ProgrammeDayPage

        return list(ProgrammeDayPage.objects.child_of(self).exclude(date__range=(start, end)).order_by("date"))

    # --- Status -----------------------------------------------------------------------
    def status(self, today: datetime.date | None = None) -> YearStatus:
        today = today or timezone.localdate()
        if today < self.start_date:
            return YearStatus.UPCOMING
        if today <= self.end_date:
            return YearStatus.LIVE
        return YearStatus.ARCHIVED

    @property
    def status_label(self) -> str:
        return self.status().label

    @property
    def is_archived(self) -> bool:
        return self.status() == YearStatus.ARCHIVED

    @property
    def is_live(self) -> bool:
        return self.status() == YearStatus.LIVE

    @property
    def is_upcoming(self) -> bool:
        return self.status() == YearStatus.UPCOMING

    @classmethod
    def pick_featured(cls, years, today: datetime.date | None = None):
        """The year to lead with: the one happening now, else the next to come, else
        the latest. `years` is any iterable of year pages."""
        years = list(years)
        if not years:
            return None
        today = today or timezone.localdate()
        live = [y for y in years if y.status(today) == YearStatus.LIVE]
        if live:
            return live[0]
        upcoming = sorted((y for y in years if y.status(today) == YearStatus.UPCOMING), key=lambda y: y.start_date)
        if upcoming:
            return upcoming[0]
        return max(years, key=lambda y: y.year)

    def previous_year(self, years):
        """The latest of `years` before this one, for 'see what we got up to in …'."""
        earlier = [y for y in years if y.year < self.year]
        return max(earlier, key=lambda y: y.year) if earlier else None

    # --- Parts of the microsite -------------------------------------------------------
    @cached_property
    def programme_days(self):
        from campaign.models.days import ProgrammeDayPage

        # Every page of the year shows them (menus, the calendar's days): kept by each
        # process until content changes, and only read.
        return list(
            _kept(
                _programme_days,
                self,
                lambda: tuple(ProgrammeDayPage.objects.child_of(self).live().public().order_by("date")),
            )
        )

    def public_blog(self):
        """The year's blog as readers find it (live, not private), or None; each of the
        year's days links to it, so each process keeps it until content changes."""
        from blog.models import BlogIndexPage

        blog = _kept(_public_blogs, self, lambda: BlogIndexPage.objects.child_of(self).live().public().first())
        return own_copy(blog) if blog is not None else None

    @property
    def is_announcement_only(self) -> bool:
        return not self.programme_days and not self.body

    def navigation_pages(self):
        """The year's own menu: pages under it marked 'Show in menus'."""
        return list(
            self.get_children().live().filter(public_q()).in_menu().only("id", "title", "url_path", "depth", "path")
        )

    @property
    def feed_url(self) -> str:
        """The year's calendar feed, for subscribing."""
        return reverse("calendar_year_feed", args=[self.year])

    def related_addresses(self) -> list[str]:
        return [self.feed_url]

    def accepts_submissions(self, today: datetime.date | None = None) -> bool:
        """Members can send in events and stories until the week is over."""
        return self.status(today) in (YearStatus.UPCOMING, YearStatus.LIVE)

    @property
    def dates_in_words(self) -> str:
        """'27 November – 3 December 2017' or '19 – 25 November 2018'."""
        start, end = self.start_date, self.end_date
        if start.month == end.month:
            return f"{start.day} – {end.day} {end:%B %Y}"
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"

    @classmethod
    def serving_queryset(cls):
        """With the key questions and the team, which its page shows."""
        return super().serving_queryset().prefetch_related("key_questions", "team_members")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Which events, by id and day (kept by each process until content changes); each
        # one's line is kept (core/cards.py).
        shown = _kept(_programme_previews, self, lambda: tuple(self.programme_preview(PROGRAMME_EVENTS_PER_DAY)))
        lines = EVENT_LINE.by_id(request, [event.pk for event in shown])
        by_date, totals = {}, {}
        for event in shown:
            totals[event.date] = event.events_that_day
            if event.pk in lines:
                by_date.setdefault(event.date, []).append(lines[event.pk])
        # A busy day shows its first events and links to the day for the rest, so the
        # year page stays the same size however big the programme grows.
        context["programme"] = [
            (day, by_date.get(day.date, []), totals.get(day.date, 0)) for day in self.programme_days
        ]
        if self.is_announcement_only:
            context["previous_year"] = (
                CampaignYearPage.objects.live().public().filter(year__lt=self.year).order_by("-year").first()
            )
        return context

    def programme_preview(self, per_day: int):
        """The first `per_day` events of each day in programme order, by id and date,
        each knowing how many events its day has (`events_that_day`): one query,
        however many a day holds."""
        from campaign.models.events import EventPage

        programme_order = [F("start_time").asc(nulls_last=True), F("title")]
        return (
            EventPage.objects.descendant_of(self)
            .live()
            .public()
            .annotate(
                place_that_day=Window(RowNumber(), partition_by=[F("date")], order_by=programme_order),
                events_that_day=Window(Count("pk"), partition_by=[F("date")]),
            )
            .filter(place_that_day__lte=per_day)
            .order_by("date", *programme_order)
            .values_list("pk", "date", "events_that_day", named=True)
        )


PROGRAMME_EVENTS_PER_DAY = 8


class KeyQuestion(Orderable):
    page = ParentalKey(CampaignYearPage, on_delete=models.CASCADE, related_name="key_questions")
    question = models.CharField(max_length=300)

    panels = [FieldPanel("question")]

    def __str__(self):
        return self.question


class TeamMember(Orderable):
    page = ParentalKey(CampaignYearPage, on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    social_handle = models.CharField(max_length=64, blank=True, validators=[social_handle_validator])
    social_url = models.URLField(
        blank=True, help_text="Link to their profile, for example https://twitter.com/SCDC_Sam"
    )

    panels = [FieldPanel("name"), FieldPanel("email"), FieldPanel("social_handle"), FieldPanel("social_url")]

    def __str__(self):
        return self.name
