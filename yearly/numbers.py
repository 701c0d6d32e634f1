"""A year in numbers: counted from the published content, never typed in.

- events: live, public events under the year;
- organisations taking part: those that host one of those events, or whose people wrote
  one of the year's published blog posts (each counted once);
- council areas reached: the council areas those events took place in;
- Twitter chats: those events of the kind "Twitter chat";
- blog posts: the year's live, public posts;
- stories: story submissions received for the year, if the site has a kind of submission
  called "storysubmission" (looked up by name, so this module works with or without it);
- submissions received: everything sent in through the year's forms, of every kind
  (`submissions.models.submission_models()`), whatever became of it.

Any number of years is counted in the same few queries (see `numbers_for`), so a page
that shows them asks the database as often for a year of 5 events as for one of 500.
"""

from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import Count, Q

from blog.models import BlogPostPage
from campaign.models import CampaignYearPage, EventKind, EventPage, ProgrammeDayPage
from campaign.models.events import AttendanceMode
from core.council_areas import CouncilArea
from core.page_cache import remembered_per_generation
from core.privacy import public_q
from core.tree import descendants_q
from submissions.models import submission_models

STORY_MODEL_NAME = "storysubmission"

# (attribute, label, what it counts): the order every table and page shows them in.
MEASURES = [
    ("events", "Events", "published events in the programme"),
    ("organisations", "Organisations taking part", "that hosted an event or whose people wrote for the blog"),
    ("council_areas", "Council areas reached", "where events took place in person"),
    ("twitter_chats", "Twitter chats", "events of the kind “Twitter chat”"),
    ("blog_posts", "Blog posts", "published on the year’s blog"),
    ("stories", "Stories", "sent in through the year’s “Share your story” form"),
    ("submissions", "Submissions received", "events and stories sent in through the year’s forms"),
]

ONLINE_LABEL = "Online"
PLACE_NOT_RECORDED = "Place not recorded"


@dataclass
class Bar:
    label: str
    value: int


@dataclass
class BarChart:
    """A horizontal bar chart drawn as SVG on the server (no script), with the same
    numbers as a table for anyone who cannot see it."""

    slug: str
    title: str
    category: str
    bars: list[Bar]

    width = 640
    bar_space = 540
    bar_height = 18
    row_height = 50

    @property
    def height(self) -> int:
        return max(1, len(self.bars)) * self.row_height

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    def rows(self) -> list[dict]:
        most = max((bar.value for bar in self.bars), default=0) or 1
        rows = []
        for i, bar in enumerate(self.bars):
            top = i * self.row_height
            width = round(bar.value / most * self.bar_space) if bar.value else 0
            rows.append(
                {
                    "label": bar.label,
                    "value": bar.value,
                    "label_y": top + 16,
                    "bar_y": top + 23,
                    "bar_width": max(width, 2) if bar.value else 0,
                    "value_x": max(width, 2) + 8 if bar.value else 4,
                    "value_y": top + 37,
                }
            )
        return rows

    def description(self) -> str:
        if not self.bars or not self.total:
            return "No events."
        top = max(self.bars, key=lambda bar: bar.value)
        return (
            f"{self.total} event{'s' if self.total != 1 else ''} in {len(self.bars)} bars; "
            f"the most, {top.value}, for {top.label}. The table after the chart gives every number."
        )


@dataclass
class YearNumbers:
    year: CampaignYearPage | None
    events: int = 0
    organisations: int = 0
    council_areas: int = 0
    twitter_chats: int = 0
    blog_posts: int = 0
    stories: int = 0
    submissions: int = 0
    events_per_day: list[Bar] = field(default_factory=list)
    events_per_area: list[Bar] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name, _, _ in MEASURES)

    def headline(self) -> list[tuple[str, int, str]]:
        return [(label, getattr(self, name), meaning) for name, label, meaning in MEASURES]

    def sentence(self) -> str:
        """'9 events, 12 organisations, 3 Twitter chats and 7 blog posts': for listings."""
        parts = [
            (self.events, "event"),
            (self.organisations, "organisation"),
            (self.twitter_chats, "Twitter chat"),
            (self.blog_posts, "blog post"),
        ]
        words = [f"{n} {noun}{'s' if n != 1 else ''}" for n, noun in parts if n]
        if not words:
            return ""
        return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"

    @property
    def status_label(self) -> str:
        return self.year.status_label if self.year.live else "Draft"

    def day_chart(self) -> BarChart:
        return BarChart(f"events-per-day-{self.year.year}", "Events per day", "Day", self.events_per_day)

    def area_chart(self) -> BarChart:
        return BarChart(f"events-per-area-{self.year.year}", "Events per council area", "Where", self.events_per_area)


def story_model():
    return next((model for model in submission_models() if model._meta.model_name == STORY_MODEL_NAME), None)


def published_numbers_for_year(year: CampaignYearPage) -> YearNumbers:
    """One year's numbers as its public page shows them (`published_numbers_for`); its
    programme days are the ones its page already fetched."""
    return published_numbers_for([year], days={year.pk: year.programme_days})[0]


def published_numbers_for(years, days: dict | None = None) -> list[YearNumbers]:
    """`numbers_for` as the public pages show them: remembered per content generation
    (core.page_cache), so publishing anything recounts them, and for at most
    PAGE_CACHE_SECONDS, so submissions (which publish nothing) show as soon as a cached
    page would. Counting reads every event and post of the years, which the home page
    and each year page would otherwise do on every view. The admin's report counts
    afresh (`numbers_for`)."""
    years = list(years)
    by_pk = {year.pk: year for year in years}

    def count(pks):
        wanted = [by_pk[pk] for pk in pks]
        wanted_days = None if days is None else {pk: days.get(pk, []) for pk in pks}
        # Without the page: only the counts are kept, never a page object.
        return {numbers.year.pk: replace(numbers, year=None) for numbers in numbers_for(wanted, days=wanted_days)}

    counted = remembered_per_generation(
        "yearnumbers", list(by_pk), count, settings.PAGE_CACHE_SECONDS, in_process=False
    )
    return [replace(counted[year.pk], year=year) for year in years]


def numbers_for(years, days: dict | None = None) -> list[YearNumbers]:
    """The numbers of each of `years` (year pages at the same level of the tree), in the
    order given. `days` maps a year's id to its live programme days in date order, when
    the caller already has them."""
    results = [YearNumbers(year=year) for year in years]
    if not results:
        return results
    by_path = {numbers.year.path: numbers for numbers in results}
    # Years are all children of the home page, so their paths have one length.
    depth_of_years = len(results[0].year.path)

    def owner(path: str) -> YearNumbers:
        return by_path[path[:depth_of_years]]

    within = Q()
    for path in by_path:
        within |= descendants_q(path, inclusive=True)
    # Private sections, from the list kept per content generation (PageQuerySet.public()
    # would read every restriction again for each query below).
    public = public_q()

    # Events, one row per host (or one with no host).
    events = {}
    hosts = {numbers.year.path: set() for numbers in results}
    for path, date, kind, area, mode, organisation in (
        EventPage.objects.live()
        .filter(within)
        .filter(public)
        .values_list("path", "date", "kind", "council_area", "attendance_mode", "hosts__organisation_id")
    ):
        events[path] = (date, kind, area, mode)
        if organisation is not None:
            hosts[path[:depth_of_years]].add(organisation)

    # Blog posts, one row per author.
    posts = {numbers.year.path: set() for numbers in results}
    for path, organisation in (
        BlogPostPage.objects.live()
        .filter(within)
        .filter(public)
        .values_list("path", "authors__person__organisation_id")
    ):
        posts[path[:depth_of_years]].add(path)
        if organisation is not None:
            hosts[path[:depth_of_years]].add(organisation)

    if days is None:
        days = {numbers.year.pk: [] for numbers in results}
        for day in (
            ProgrammeDayPage.objects.live().filter(within).filter(public).order_by("date").only("path", "title", "date")
        ):
            days[owner(day.path).year.pk].append(day)

    _count_submissions(results)

    per_date = {numbers.year.path: Counter() for numbers in results}
    per_area = {numbers.year.path: Counter() for numbers in results}
    for path, (date, kind, area, mode) in events.items():
        numbers = owner(path)
        numbers.events += 1
        numbers.twitter_chats += kind == EventKind.TWITTER_CHAT
        per_date[numbers.year.path][date] += 1
        if area:
            per_area[numbers.year.path][area] += 1
        elif mode == AttendanceMode.ONLINE:
            per_area[numbers.year.path][ONLINE_LABEL] += 1
        else:
            per_area[numbers.year.path][PLACE_NOT_RECORDED] += 1

    for numbers in results:
        path = numbers.year.path
        numbers.organisations = len(hosts[path])
        numbers.blog_posts = len(posts[path])
        numbers.events_per_day = _day_bars(days.get(numbers.year.pk, []), per_date[path])
        numbers.events_per_area = _area_bars(per_area[path])
        numbers.council_areas = sum(1 for key in per_area[path] if key not in (ONLINE_LABEL, PLACE_NOT_RECORDED))
    return results


def _count_submissions(results):
    """Submissions of every kind for each year, and stories among them."""
    year_ids = [numbers.year.pk for numbers in results]
    by_year = {numbers.year.pk: numbers for numbers in results}
    stories = story_model()
    for model in submission_models():
        counts = (
            model.objects.filter(campaign_year_id__in=year_ids)
            .order_by()
            .values("campaign_year_id")
            .annotate(count=Count("pk"))
            .values_list("campaign_year_id", "count")
        )
        for year_id, count in counts:
            by_year[year_id].submissions += count
            if model is stories:
                by_year[year_id].stories += count


def _day_bars(days, per_date: Counter) -> list[Bar]:
    """One bar per programme day, in date order, then any date with events but no day page."""
    bars = [(day.date, Bar(day.title, per_date.get(day.date, 0))) for day in days]
    known = {day.date for day in days}
    bars += [
        (date, Bar(f"{date:%A} {date.day} {date:%B}", count)) for date, count in per_date.items() if date not in known
    ]
    return [bar for _, bar in sorted(bars, key=lambda item: item[0])]


def _area_bars(per_area: Counter) -> list[Bar]:
    """Council areas by number of events (most first), then online events, then those
    whose place was not recorded."""
    labels = dict(CouncilArea.choices)
    areas = sorted(
        (
            (labels.get(key, key), count)
            for key, count in per_area.items()
            if key not in (ONLINE_LABEL, PLACE_NOT_RECORDED)
        ),
        key=lambda item: (-item[1], item[0]),
    )
    bars = [Bar(label, count) for label, count in areas]
    bars += [Bar(label, per_area[label]) for label in (ONLINE_LABEL, PLACE_NOT_RECORDED) if per_area.get(label)]
    return bars
