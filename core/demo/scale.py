"""Scale data: many years, events, posts, organisations and people, to measure the site
with far more content than the demo (`manage.py generate_scale_data`, `make bench`).

Deterministic from a seed: the same seed and sizes always give the same content. Years
are placed before the demo's (2007 onwards by default) so both can live in one database.
Pages are added live, without revisions or search indexing (each would cost more than
the page itself); run `manage.py update_index` afterwards if search should find them —
`make bench` does.
"""

import datetime
import io
import random
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.models import Collection, Page

from blog.models import BlogIndexPage, BlogPostAuthor, BlogPostPage
from campaign.models import CalendarPage, CampaignYearPage, EventHost, EventPage, ProgrammeDayPage
from campaign.models.days import day_slug
from campaign.models.events import AttendanceMode, EventKind
from core.council_areas import CouncilArea
from core.models import Organisation, Person
from home.models import HomePage

WORDS = [
    *("power", "community", "care", "health", "housing", "youth", "learning", "stories", "carers"),
    *("voices", "trust", "partnership", "place", "recovery", "justice", "arts", "sport", "food"),
    *("climate", "money", "data", "kindness"),
]


@dataclass(frozen=True)
class ScaleSize:
    years: int = 10
    days_per_year: int = 7
    events_per_day: int = 40
    posts: int = 1000
    organisations: int = 300
    people: int = 200
    images: int = 12
    first_year: int = 2007

    @classmethod
    def small(cls) -> "ScaleSize":
        """Shaped like the full set (every listing has more than a page), small enough
        for the test suite."""
        return cls(years=2, days_per_year=7, events_per_day=3, posts=40, organisations=12, people=10, images=2)


class ScaleBuilder:
    def __init__(self, size: ScaleSize = ScaleSize(), seed: int = 2017):
        self.size = size
        # Not for secrets: a repeatable sequence, so one seed always gives the same site.
        self.random = random.Random(seed)  # noqa: S311

    def words(self, n: int) -> str:
        return " ".join(self.random.choice(WORDS) for _ in range(n))

    @transaction.atomic
    def build(self) -> dict[str, int]:
        home = HomePage.objects.get()
        images = self._images()
        organisations = [
            Organisation.objects.create(
                name=f"Scale organisation {i:03d} {self.words(2).title()}",
                council_area=self.random.choice(CouncilArea.values),
            )
            for i in range(self.size.organisations)
        ]
        people = [
            Person.objects.create(
                name=f"Scale Person {i:03d} {self.words(1).title()}",
                role=self.words(2).title(),
                organisation=self.random.choice(organisations),
                photo=images[i % len(images)] if images and i % 3 == 0 else None,
            )
            for i in range(self.size.people)
        ]
        counts = {"years": 0, "events": 0, "posts": 0}
        posts_left = self.size.posts
        for index in range(self.size.years):
            year_number = self.size.first_year + index
            # The newest year gets the biggest blog, so its index has many pages (page 20
            # of the full set) while older years stay smaller.
            last = index == self.size.years - 1
            share = posts_left if last else min(posts_left, max(1, (self.size.posts * 7) // (10 * self.size.years)))
            posts_left -= share
            self._year(home, year_number, organisations, people, images, share, counts)
        return {**counts, "organisations": len(organisations), "people": len(people), "images": len(images)}

    def _images(self) -> list:
        from PIL import Image as PILImage

        from wagtail.images import get_image_model

        image_model = get_image_model()
        collection = Collection.get_first_root_node()
        images = []
        for i in range(self.size.images):
            colour = tuple(self.random.randrange(256) for _ in range(3))
            buffer = io.BytesIO()
            PILImage.new("RGB", (1600, 900), colour).save(buffer, "JPEG", quality=80)
            image = image_model(title=f"Scale picture {i}", collection=collection, description=f"A plain picture {i}")
            image.file = ImageFile(buffer, name=f"scale-{i}.jpg")
            image._set_image_file_metadata()  # as Wagtail's upload form does
            image.save()
            images.append(image)
        return images

    def _add(self, parent: Page, page: Page, published: datetime.datetime) -> Page:
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = published
        parent.add_child(instance=page)
        return page

    def _year(self, home, year_number, organisations, people, images, posts, counts):
        start = datetime.date(year_number, 11, 20)
        published = datetime.datetime(year_number, 9, 1, 9, tzinfo=datetime.UTC)
        year = self._add(
            home,
            CampaignYearPage(
                title=f"Co-production Week Scotland {year_number}",
                slug=str(year_number),
                year=year_number,
                theme=self.random.choice(WORDS),
                summary=self.words(12).capitalize() + ".",
                start_date=start,
                end_date=start + datetime.timedelta(days=self.size.days_per_year - 1),
            ),
            published,
        )
        counts["years"] += 1
        for offset in range(self.size.days_per_year):
            date = start + datetime.timedelta(days=offset)
            day = self._add(
                year,
                ProgrammeDayPage(
                    title=f"{date:%A} {date.day} {date:%B}", slug=day_slug(date), date=date, show_in_menus=True
                ),
                published,
            )
            for number in range(self.size.events_per_day):
                self._event(day, date, number, organisations, images, published)
                counts["events"] += 1
        self._add(year, CalendarPage(title="Calendar", slug="calendar", show_in_menus=True), published)
        blog = self._add(year, BlogIndexPage(title="Blog", slug="blog", show_in_menus=True), published)
        for number in range(posts):
            self._post(blog, start, number, people, images)
            counts["posts"] += 1

    def _event(self, day, date, number, organisations, images, published):
        hour = 9 + number % 9
        title = f"{self.words(3).capitalize()} event {number + 1}"
        event = EventPage(
            title=title,
            slug=f"event-{number + 1}",
            kind=self.random.choice(EventKind.values),
            date=date,
            start_time=datetime.time(hour, 0),
            end_time=datetime.time(hour + 1, 30),
            attendance_mode=self.random.choice(AttendanceMode.values),
            council_area=self.random.choice(CouncilArea.values),
            venue=f"{self.words(1).title()} Hall",
            town=self.random.choice(["Glasgow", "Edinburgh", "Dundee", "Aberdeen", "Inverness", "Stirling"]),
            description=f"<p>{self.words(40).capitalize()}.</p>",
            image=images[number % len(images)] if images and number % 4 == 0 else None,
            hosts=[EventHost(organisation=org) for org in self.random.sample(organisations, k=1 + number % 3)],
        )
        self._add(day, event, published)

    def _post(self, blog, start, number, people, images):
        release = start + datetime.timedelta(days=number % self.size.days_per_year)
        post = BlogPostPage(
            title=f"{self.words(4).capitalize()} post {number + 1}",
            slug=f"post-{number + 1}",
            release_date=release,
            summary=self.words(25).capitalize() + ".",
            body=[("paragraph", f"<p>{self.words(120).capitalize()}.</p>")],
            feature_image=images[number % len(images)] if images and number % 2 == 0 else None,
            authors=[BlogPostAuthor(person=person) for person in self.random.sample(people, k=1 + number % 2)],
        )
        post.tags.add(*self.random.sample(WORDS, k=2))
        published = datetime.datetime.combine(release, datetime.time(9, number % 60), tzinfo=datetime.UTC)
        self._add(blog, post, published)
