"""Start next year from this one: a new CampaignYearPage, as a draft, in this year's shape.

What the new year gets (README, "The yearly cycle"):

- from the year page: the guide to getting involved, the organising team, the social
  accounts and the hashtag. Not the theme, strapline, summary, introduction, key questions,
  announcement or recap: those are the old theme's words and the old week's story, and a
  new year has a theme of its own (copied questions would sit under the new year's page
  until someone noticed them);
- each programme day, moved to the same place in the new week (day 1 on day 1, and the
  new week starts on the same weekday, so a Monday stays a Monday), its title and address
  following its new date; without its recap and without its events;
- the calendar, every form page (any `SubmissionFormPage`), the blog without its posts, the
  resources page without its resources or introduction (its branding materials stay:
  the new week's organisers need them) and standard pages with the pages under them;
- nothing else: no events, posts, submissions, resources or recaps of the old year.

Every new page is a draft with one revision of its own, made by Wagtail's `CopyPageAction`
without the old pages' revisions, so no old history comes along (and a copied event would get
a calendar UID of its own: see `EventPage.exclude_fields_in_copy`). The old year is not touched.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from wagtail.actions.copy_page import CopyPageAction
from wagtail.fields import StreamField

from blog.models import BlogIndexPage
from campaign.models import CalendarPage, CampaignYearPage, ProgrammeDayPage
from campaign.models.days import day_slug
from core.text import date_in_words
from home.models import StandardPage
from resources.models import ResourceIndexPage
from submissions.models import SubmissionFormPage

# Reset on every copy: what describes, schedules or locks one particular page.
FRESH_PAGE = {
    "seo_title": "",
    "search_description": "",
    "social_image": None,
    "locked": False,
    "locked_by": None,
    "locked_at": None,
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
}
# The old theme's words and the old week's story (key questions are left out separately).
CLEARED_ON_YEAR = {"strapline": "", "theme": "", "summary": "", "intro": "", "announcement": "", "recap": []}
# Fields never worth reporting as "still mentions the old year".
NOT_CHECKED_FOR_OLD_YEAR = {"title", "draft_title", "slug", "url_path", "path", "hashtag"}

YEAR_MIN, YEAR_MAX = 2000, 2100
BLOCK_ID = re.compile(r'"id": ?"[0-9a-f-]{36}"')


class NewYearRefused(Exception):
    """The new year cannot be made as asked. `errors` maps the field at fault ("year" or
    "start_date") to a message an editor understands; nothing has been created."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def same_weekday_nearby(date: datetime.date, weekday: int) -> list[datetime.date]:
    """The nearest dates on `weekday` before and after `date`, within its year."""
    before = date - datetime.timedelta(days=(date.weekday() - weekday) % 7 or 7)
    after = date + datetime.timedelta(days=(weekday - date.weekday()) % 7 or 7)
    return [d for d in (before, after) if d.year == date.year]


def suggested_start(source: CampaignYearPage, year: int) -> datetime.date:
    """About a year after the source's start, on the same weekday: the form's first guess."""
    try:
        anniversary = source.start_date.replace(year=year)
    except ValueError:  # 29 February
        anniversary = source.start_date.replace(year=year, day=28)
    offset = (source.start_date.weekday() - anniversary.weekday()) % 7
    candidate = anniversary + datetime.timedelta(days=offset if offset <= 3 else offset - 7)
    return candidate if candidate.year == year else candidate + datetime.timedelta(days=7)


def problems(source: CampaignYearPage, year: int, start_date: datetime.date) -> dict[str, str]:
    """Why a new `year` starting on `start_date` cannot be made from `source`, by field."""
    errors = {}
    if not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = f"Give a year between {YEAR_MIN} and {YEAR_MAX}."
    else:
        existing = CampaignYearPage.objects.filter(year=year).first()
        if existing is not None:
            state = "published" if existing.live else "a draft"
            errors["year"] = f"There is already a page for {year}, “{existing.title}” ({state}). Choose another year."
    if start_date.year != year:
        errors["start_date"] = f"The week of {year} must start in {year}."
    elif start_date.weekday() != source.start_date.weekday():
        weekday = f"{source.start_date:%A}"
        options = " or ".join(date_in_words(d) for d in same_weekday_nearby(start_date, source.start_date.weekday()))
        errors["start_date"] = (
            f"{source.title} starts on a {weekday}, so the new week must start on a {weekday} too, for each day "
            f"to keep its weekday. {date_in_words(start_date)} is a {start_date:%A}: try {options}."
        )
    else:
        end_date = start_date + (source.end_date - source.start_date)
        clash = (
            CampaignYearPage.objects.filter(start_date__lte=end_date, end_date__gte=start_date)
            .exclude(year=year)
            .order_by("start_date")
            .first()
        )
        if clash is not None:
            errors["start_date"] = (
                f"A week from {date_in_words(start_date)} to {date_in_words(end_date)} would overlap "
                f"{clash.title}, which runs {clash.dates_in_words}. Choose dates no other year uses."
            )
    return errors


@dataclass
class NewYear:
    """What `start_next_year` made."""

    page: CampaignYearPage
    source: CampaignYearPage
    days: list = field(default_factory=list)
    other_pages: list = field(default_factory=list)
    # The source's pages of kinds that are not carried over (none in today's tree).
    left_behind: list = field(default_factory=list)
    # [(page, [field names])]: copied text that still names the old year, to check.
    mentions_old_year: list = field(default_factory=list)

    @property
    def all_pages(self) -> list:
        return [self.page, *self.days, *self.other_pages]

    def summary(self) -> str:
        parts = []
        if self.days:
            first, last = self.days[0].date, self.days[-1].date
            count = f"{len(self.days)} programme day{'s' if len(self.days) != 1 else ''}"
            span = date_in_words(first) if first == last else f"{date_in_words(first)} to {date_in_words(last)}"
            parts.append(f"{count} ({span})")
        parts += [f"“{page.title}”" for page in self.other_pages]
        made = ", ".join(parts) if parts else "no pages under it"
        return (
            f"“{self.page.title}” is ready as a draft at /{self.page.year}/, {self.page.dates_in_words}, with {made}. "
            f"Nothing of {self.source.year}'s events, blog posts, submissions, resources, recaps or key questions "
            "was carried over. Every page is a draft until you publish it."
        )

    def warnings(self) -> list[str]:
        notes = []
        for page, names in self.mentions_old_year:
            notes.append(f"“{page.title}” still mentions {self.source.year} in its {', '.join(names)}: check it.")
        if self.left_behind:
            titles = ", ".join(f"“{page.title}” ({page._meta.verbose_name})" for page in self.left_behind)
            notes.append(f"Not carried over, as pages of this kind are not part of a year's shape: {titles}.")
        return notes


def retitle(title: str, old_year: int, new_year: int) -> str:
    return re.sub(rf"\b{old_year}\b", str(new_year), title)


def shifted_day_title(title: str, old_date: datetime.date, new_date: datetime.date) -> str:
    """'Day 1: Monday 27 November' → 'Day 1: Monday 19 November'. A title that does not
    name its date keeps its words."""
    pattern = re.compile(rf"\b{old_date:%A}\s+{old_date.day}(?:st|nd|rd|th)?\s+{old_date:%B}\b", re.IGNORECASE)
    title = pattern.sub(f"{new_date:%A} {new_date.day} {new_date:%B}", title)
    return retitle(title, old_date.year, new_date.year) if old_date.year != new_date.year else title


def _copy(page, to, *, user, title, exclude=(), recursive=False, **attrs):
    action = CopyPageAction(
        page,
        to=to,
        update_attrs={**FRESH_PAGE, "title": title, "draft_title": title, **attrs},
        exclude_fields=list(exclude),
        recursive=recursive,
        copy_revisions=False,
        keep_live=False,
        user=user,
    )
    # The caller has checked the user may add a year here (see `may_start_next_year`).
    return action.execute(skip_permission_checks=True)


def _mentions(page, needle: str) -> list[str]:
    """The names of a page's own text fields that contain `needle` as a word."""
    pattern = re.compile(rf"\b{needle}\b")
    names = []
    for model_field in page._meta.concrete_fields:
        if model_field.name in NOT_CHECKED_FOR_OLD_YEAR or model_field.choices:
            continue
        if isinstance(model_field, models.CharField | models.TextField | StreamField):
            # Block ids are UUIDs, whose digits could look like a year.
            value = BLOCK_ID.sub("", model_field.value_to_string(page) or "")
            if value and pattern.search(value):
                names.append(str(model_field.verbose_name))
    return names


def may_start_next_year(user, source) -> bool:
    """Whoever may add a year where `source` is may start one from it."""
    parent = source.get_parent()
    return parent is not None and parent.permissions_for_user(user).can_add_subpage()


def start_next_year(source: CampaignYearPage, *, year: int, start_date: datetime.date, user=None) -> NewYear:
    """Make `year` as a draft in the shape of `source` (see the module's docstring).
    Raises NewYearRefused, having made nothing, when the year or dates are not possible."""
    errors = problems(source, year, start_date)
    if errors:
        raise NewYearRefused(errors)
    try:
        with transaction.atomic():
            return _copy_year(source, year, start_date, user)
    except (IntegrityError, ValidationError) as exc:
        # Someone made the same year a moment ago (the model's own check, or the database's).
        reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else "please try again"
        raise NewYearRefused(problems(source, year, start_date) or {"year": f"{year} was not made: {reason}"}) from exc


def _copy_year(source, year, start_date, user) -> NewYear:
    shift = start_date - source.start_date
    new_page = _copy(
        source,
        source.get_parent(),
        user=user,
        title=retitle(source.title, source.year, year)
        if str(source.year) in source.title
        else f"{source.title} {year}",
        exclude=["key_questions"],
        slug=str(year),
        year=year,
        start_date=start_date,
        end_date=source.end_date + shift,
        **CLEARED_ON_YEAR,
    )
    made = NewYear(page=new_page, source=source)
    for child in source.get_children().specific().order_by("path"):
        title = retitle(child.title, source.year, year)
        if isinstance(child, ProgrammeDayPage):
            date = child.date + shift
            made.days.append(
                _copy(
                    child,
                    new_page,
                    user=user,
                    title=shifted_day_title(child.title, child.date, date),
                    slug=day_slug(date),
                    date=date,
                    recap=[],
                )
            )
        elif isinstance(child, ResourceIndexPage):
            made.other_pages.append(_copy(child, new_page, user=user, title=title, exclude=["resources"], intro=""))
        elif isinstance(child, BlogIndexPage | CalendarPage | SubmissionFormPage):
            made.other_pages.append(_copy(child, new_page, user=user, title=title))
        elif isinstance(child, StandardPage):
            made.other_pages.append(_copy(child, new_page, user=user, title=title, recursive=True))
        else:
            made.left_behind.append(child)
    for page in made.all_pages:
        names = _mentions(page, str(source.year))
        if names:
            made.mentions_old_year.append((page, names))
    return made
