"""One day of a year's programme."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from blog.cards import POST_CARD
from campaign.blocks import RecapStreamBlock
from campaign.cards import EVENT_CARD
from core.in_process import PerGeneration
from core.models import BasePage
from core.text import date_in_words


def day_slug(date) -> str:
    """'monday-27-november': the address of a day within its year."""
    return slugify(f"{date:%A} {date.day} {date:%B}")


# Which events and posts each day lists, in order: ids only (their cards are kept in
# the shared cache, core/cards.py).
_listed = PerGeneration("days:listed")


class ProgrammeDayPage(BasePage):
    """One day of the week's programme. Its events are added underneath it; the year's
    blog posts released on this date are listed on it automatically. After the day,
    add a recap: what happened, quoted responses, photographs.

    The day's address comes from its date (for example /2017/monday-27-november/).
    """

    date = models.DateField(help_text="Must fall within the year's dates.")
    recap = StreamField(RecapStreamBlock(), blank=True, help_text="What happened on the day, once it is over.")

    content_panels = BasePage.content_panels + [FieldPanel("date"), FieldPanel("recap")]
    search_fields = BasePage.search_fields + [index.SearchField("recap"), index.FilterField("date")]

    parent_page_types = ["campaign.CampaignYearPage"]
    subpage_types = ["campaign.EventPage"]

    class Meta:
        verbose_name = "programme day"

    def full_clean(self, *args, **kwargs):
        if self.date:
            self.slug = day_slug(self.date)
        super().full_clean(*args, **kwargs)

    def clean(self):
        errors = {}
        year = self.parent_for_validation()
        if year is not None and self.date:
            if not (year.start_date <= self.date <= year.end_date):
                errors["date"] = (
                    f"{self.date:%A} {self.date.day} {self.date:%B %Y} is outside {year.title}, "
                    f"which runs {year.dates_in_words}."
                )
            elif ProgrammeDayPage.objects.child_of(year).filter(date=self.date).exclude(pk=self.pk).exists():
                errors["date"] = f"{year.title} already has a page for {self.date:%A} {self.date.day} {self.date:%B}."
        if errors:
            raise ValidationError(errors)
        super().clean()

    def save(self, *args, **kwargs):
        date_changed = False
        update_fields = kwargs.get("update_fields")
        # Saving a draft writes only revision bookkeeping; the date changes when it is published.
        if self.pk and (update_fields is None or "date" in update_fields):
            previous = ProgrammeDayPage.objects.filter(pk=self.pk).values_list("date", flat=True).first()
            date_changed = previous is not None and previous != self.date
        super().save(*args, **kwargs)
        if date_changed:
            # An event happens on its day's date; keep the stored copy in step, and tell
            # calendars that already hold the events that they have moved.
            from campaign.models.events import EventPage

            EventPage.objects.child_of(self).update(date=self.date, calendar_sequence=models.F("calendar_sequence") + 1)

    def day_number(self) -> int:
        year = self.campaign_year
        return (self.date - year.start_date).days + 1 if year else 0

    @property
    def feed_url(self) -> str:
        return reverse("calendar_day_feed", args=[self.date.isoformat()])

    def related_addresses(self) -> list[str]:
        return [self.feed_url]

    def get_cached_paths(self):
        """Its numbered pages of events too, for a CDN's purge (core.cdn)."""
        from campaign.models.calendar import EVENTS_PER_PAGE
        from core.cdn import numbered_pages

        return ["/", *numbered_pages(self.events().count(), EVENTS_PER_PAGE)]

    @property
    def date_in_words(self) -> str:
        return date_in_words(self.date)

    def events(self):
        from campaign.models.events import EventPage

        return EventPage.objects.child_of(self).live().public().in_programme_order()

    def blog_posts(self):
        """The year's posts released on this day."""
        from blog.models import BlogPostPage

        year = self.campaign_year
        if year is None:
            return BlogPostPage.objects.none()
        return BlogPostPage.objects.descendant_of(year).live().public().filter(release_date=self.date).for_listing()

    def get_context(self, request, *args, **kwargs):
        from campaign.models.calendar import EVENTS_PER_PAGE

        context = super().get_context(request, *args, **kwargs)
        # However busy a day gets, its page stays the same size: events a page at a
        # time, as the calendar shows them, and the first posts with a way to the rest.
        # Which events and posts, by id; their cards are kept (core/cards.py).
        # The ids are kept by each process until content changes (core.in_process).
        event_ids = _listed.get(("events", self.pk), lambda: list(self.events().values_list("pk", flat=True)))
        page_obj = Paginator(event_ids, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
        posts = _listed.get(
            ("posts", self.pk),
            lambda: list(self.blog_posts().values_list("pk", flat=True)[: BLOG_POSTS_SHOWN + 1]),
        )
        year = self.campaign_year
        context.update(
            page_obj=page_obj,
            event_cards=EVENT_CARD.render(request, list(page_obj), heading_level=3),
            blog_post_cards=POST_CARD.render(request, posts[:BLOG_POSTS_SHOWN], heading_level=3),
            more_blog_posts=len(posts) > BLOG_POSTS_SHOWN,
            blog_index=year.public_blog() if year else None,
        )
        return context


# Posts released on a day listed on it; any more are on the blog, which it links to.
BLOG_POSTS_SHOWN = 12
