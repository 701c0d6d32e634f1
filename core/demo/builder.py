"""Builds the demo site from `content.py`. Idempotent: a page, person or organisation
that already exists is left as it is, so running it twice changes nothing."""

import datetime

from django.db import transaction
from django.utils.text import slugify

from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage
from campaign.models import CampaignYearPage, EventHost, EventPage, KeyQuestion, ProgrammeDayPage, TeamMember
from campaign.models.days import day_slug
from campaign.models.events import LONDON
from core.demo import content
from core.models import Organisation, Person
from home.models import HomePage, StandardPage
from resources.models import Resource, ResourceIndexPage

# Blog posts of the week were released in the morning.
RELEASE_TIME = datetime.time(9, 0)


class DemoBuilder:
    def __init__(self):
        self.created = {"pages": 0, "organisations": 0, "people": 0}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}

    @transaction.atomic
    def build(self) -> dict[str, int]:
        home = HomePage.objects.get()
        if not home.intro:
            home.intro = content.HOME_INTRO
            home.save_revision().publish()
        self._organisations()
        self._people()
        self._page(
            home,
            StandardPage,
            content.ABOUT["slug"],
            title=content.ABOUT["title"],
            intro=content.ABOUT["intro"],
            body=content.ABOUT["body"],
            show_in_menus=True,
        )
        years = {}
        for data in content.YEARS:
            years[data["year"]] = self._year(home, data, years)
        for data in content.RESOURCES:
            self._resources(years[data["year"]], data)
        self._legacy_redirects(years)
        self._accessibility_statement(home)
        return self.created

    # --- Snippets ---------------------------------------------------------------------
    def _organisations(self):
        for data in content.ORGANISATIONS:
            org, created = Organisation.objects.get_or_create(
                name=data["name"],
                defaults={"website": data.get("website", ""), "council_area": data.get("council_area", "")},
            )
            self.organisations[org.name] = org
            self.created["organisations"] += created

    def _people(self):
        for data in content.PEOPLE:
            person = Person.objects.filter(name=data["name"]).first()
            if person is None:
                person = Person.objects.create(
                    name=data["name"], role=data["role"], organisation=self.organisations[data["organisation"]]
                )
                self.created["people"] += 1
            self.people[person.name] = person

    # --- Pages ------------------------------------------------------------------------
    def _page(self, parent, model, slug, published_at=None, tags=(), **fields):
        """The page at `slug` under `parent`, created and published if missing."""
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        if tags:
            page.tags.add(*tags)
        parent.add_child(instance=page)
        page.save_revision().publish()
        if published_at is not None:
            Page.objects.filter(pk=page.pk).update(first_published_at=published_at, last_published_at=published_at)
        self.created["pages"] += 1
        return page

    def _year(self, home, data, earlier_years):
        announcement = data.get("announcement", "")
        if "{previous}" in announcement:
            previous = earlier_years[data["year"] - 1]
            announcement = announcement.format(previous=f'<a linktype="page" id="{previous.pk}">{previous.year}</a>')
        year = self._page(
            home,
            CampaignYearPage,
            str(data["year"]),
            title=data["title"],
            year=data["year"],
            strapline=data.get("strapline", ""),
            theme=data.get("theme", ""),
            summary=data.get("summary", ""),
            start_date=datetime.date.fromisoformat(data["start_date"]),
            end_date=datetime.date.fromisoformat(data["end_date"]),
            hashtag=data["hashtag"],
            intro=data.get("intro", ""),
            announcement=announcement,
            body=data.get("body", []),
            recap=data.get("recap", []),
            social_accounts=data.get("social_accounts", []),
            key_questions=[KeyQuestion(question=q) for q in data.get("questions", [])],
            team_members=[TeamMember(**member) for member in data.get("team", [])],
        )
        for day_data in data["days"]:
            self._day(year, day_data)
        if "blog" in data:
            blog = self._page(
                year,
                BlogIndexPage,
                "blog",
                title=data["blog"]["title"],
                intro=data["blog"]["intro"],
                show_in_menus=True,
            )
            for day_data in data["days"]:
                for post_data in day_data.get("posts", []):
                    self._post(blog, day_data["date"], post_data)
        self._calendar_and_event_form(year)
        self._share_story_form(year)
        return year

    # --- A year's calendar and "Add your event" form -----------------------------------
    def _calendar_and_event_form(self, year):
        # Imported here so that this part of the builder stands on its own.
        from campaign.models import CalendarPage
        from submissions.models import AddEventFormPage

        for model, data in ((CalendarPage, content.CALENDAR_PAGE), (AddEventFormPage, content.ADD_EVENT_PAGE)):
            self._page(year, model, data["slug"], title=data["title"], intro=data["intro"], show_in_menus=True)

    # --- A year's "Share your story" form ----------------------------------------------
    def _share_story_form(self, year):
        # Imported here so that this part of the builder stands on its own.
        from submissions.models import ShareStoryFormPage

        data = content.SHARE_STORY_PAGE
        self._page(year, ShareStoryFormPage, data["slug"], title=data["title"], intro=data["intro"], show_in_menus=True)

    def _day(self, year, data):
        date = datetime.date.fromisoformat(data["date"])
        day = self._page(
            year,
            ProgrammeDayPage,
            day_slug(date),
            title=data["title"],
            date=date,
            recap=data.get("recap", []),
            show_in_menus=True,
        )
        for event in data.get("events", []):
            self._event(day, event)

    def _event(self, day, data):
        def time(value):
            return datetime.time.fromisoformat(value) if value else None

        self._page(
            day,
            EventPage,
            slugify(data["title"])[:80],
            title=data["title"],
            kind=data["kind"],
            date=day.date,
            start_time=time(data.get("start_time")),
            end_time=time(data.get("end_time")),
            attendance_mode=data.get("attendance_mode", "in-person"),
            council_area=data.get("council_area", ""),
            hashtag=data.get("hashtag", ""),
            question=data.get("question", ""),
            description=data.get("description", ""),
            recap=data.get("recap", []),
            hosts=[EventHost(organisation=self.organisations[name]) for name in data.get("hosts", [])],
        )

    def _post(self, blog, date, data):
        release = datetime.date.fromisoformat(date)
        self._page(
            blog,
            BlogPostPage,
            slugify(data["title"])[:80],
            published_at=datetime.datetime.combine(release, RELEASE_TIME, tzinfo=LONDON),
            title=data["title"],
            release_date=release,
            summary=data["summary"],
            authors=[BlogPostAuthor(person=self.people[name]) for name in data["authors"]],
            tags=data.get("tags", ()),
        )

    # --- Resources --------------------------------------------------------------------
    def _resources(self, year, data):
        def event(title):
            return EventPage.objects.descendant_of(year).get(title=title) if title else None

        self._page(
            year,
            ResourceIndexPage,
            data["slug"],
            title=data["title"],
            intro=data["intro"],
            show_in_menus=True,
            resources=[
                Resource(
                    title=item["title"],
                    kind=item["kind"],
                    description=item.get("description", ""),
                    link=item.get("link", ""),
                    event=event(item.get("event")),
                )
                for item in data["resources"]
            ],
        )

    # --- Legacy addresses -------------------------------------------------------------
    def _legacy_redirects(self, years):
        """Wagtail redirects from the old site's addresses; one that exists is left as it is."""
        from wagtail.contrib.redirects.models import Redirect

        for data in content.LEGACY_REDIRECTS:
            old_path = Redirect.normalise_path(data["old_path"])
            if Redirect.objects.filter(old_path=old_path, site=None).exists():
                continue
            target = {"redirect_link": data.get("link", "")}
            if "year" in data:
                year = years[data["year"]]
                slug = data.get("child_slug")
                page = year if slug is None else Page.objects.child_of(year).filter(slug=slug).first()
                # A page that is not there (yet) still has its address: years live at /<year>/.
                target = {"redirect_page": page} if page else {"redirect_link": f"/{year.year}/{slug}/"}
            Redirect.objects.create(old_path=old_path, is_permanent=data.get("permanent", True), **target)

    # --- Accessibility statement ------------------------------------------------------
    def _accessibility_statement(self, home):
        """The statement at /accessibility/ (linked from every page's footer), with the
        network's contact address: network settings, else the address the site sends from."""
        from email.utils import parseaddr

        from django.conf import settings

        from core.models import SiteSettings

        data = content.ACCESSIBILITY_STATEMENT
        # Read without creating the settings row, which the first request does as usual.
        network = SiteSettings.objects.filter(site__root_page=home).values_list("contact_email", flat=True).first()
        email = network or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        prepared = datetime.date.fromisoformat(content.ACCESSIBILITY_STATEMENT_PREPARED)
        fill = {"email": email, "prepared": f"{prepared.day} {prepared:%B %Y}"}
        body = [
            {**block, "value": block["value"].format(**fill)} if block["type"] == "paragraph" else block
            for block in data["body"]
        ]
        self._page(home, StandardPage, data["slug"], title=data["title"], intro=data["intro"], body=body)
