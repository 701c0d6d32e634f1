"""Turning an accepted event submission into a draft event page, and what accepting any
submission may need: an organisation by name, plain text as rich text, a free slug."""

import datetime
import re

from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.text import slugify

from wagtail.models import Page

from campaign.models import CampaignYearPage, EventHost, EventPage, ProgrammeDayPage
from core.models import Organisation


def day_for(submission) -> ProgrammeDayPage | None:
    """The year's programme day on the submitted date (live or draft)."""
    return ProgrammeDayPage.objects.child_of(submission.campaign_year).filter(date=submission.date).first()


def day_title(year: CampaignYearPage, date: datetime.date) -> str:
    """'Day 3: Wednesday 29 November', as the days of the week are named."""
    number = (date - year.start_date).days + 1
    return f"Day {number}: {date:%A} {date.day} {date:%B}"


def create_day(year: CampaignYearPage, date: datetime.date, user) -> ProgrammeDayPage:
    """A published programme day for `date`, shown in the year's menu like the others."""
    day = ProgrammeDayPage(title=day_title(year, date), date=date, show_in_menus=True, owner=user)
    year.add_child(instance=day)
    day.save_revision(user=user, log_action=True).publish(user=user)
    return day


def organisation_named(name: str) -> Organisation:
    """The organisation of that name (ignoring case and spacing), created if new."""
    name = " ".join(name.split())
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(name=name)
    except IntegrityError:
        # Someone else created it a moment ago.
        return Organisation.objects.get(name__iexact=name)


def plain_text_to_rich_text(text: str) -> str:
    """Escaped paragraphs (blank lines between) with line breaks, as the rich text
    editor stores them."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    return "".join("<p>" + "<br/>".join(escape(line) for line in part.splitlines()) + "</p>" for part in paragraphs)


def free_slug(parent, title: str, fallback: str = "page") -> str:
    """A slug from `title` that no other page under `parent` has."""
    base = slugify(title)[:80].strip("-") or fallback
    taken = set(Page.objects.child_of(parent).filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def draft_event_from(submission, day: ProgrammeDayPage, user) -> EventPage:
    """A draft event page under `day` holding everything the submission says, hosted
    by the submitting organisation."""
    organisation = organisation_named(submission.organisation_name)
    event = EventPage(
        title=submission.title,
        slug=free_slug(day, submission.title, fallback="event"),
        kind=submission.kind,
        date=day.date,
        start_time=submission.start_time,
        end_time=submission.end_time,
        attendance_mode=submission.attendance_mode,
        venue=submission.venue,
        town=submission.town,
        council_area=submission.council_area,
        online_link=submission.online_link,
        booking_link=submission.booking_link,
        # The submission is plain text; escaped, its paragraphs become rich text.
        description=plain_text_to_rich_text(submission.description),
        hosts=[EventHost(organisation=organisation)],
        live=False,
        owner=user,
    )
    day.add_child(instance=event)
    event.save_revision(user=user, log_action=True)
    return event
