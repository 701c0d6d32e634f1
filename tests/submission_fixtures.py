"""Fixtures for public submission forms and the inbox (loaded from conftest, which also
empties the cache before each test, so rate-limit counts start at nothing)."""

import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.spam import sign_started
from tests.factories import (
    AddEventFormPageFactory,
    BlogIndexPageFactory,
    CalendarPageFactory,
    CampaignYearPageFactory,
    ProgrammeDayPageFactory,
    ShareStoryFormPageFactory,
)


@pytest.fixture
def open_year(home_page):
    """An upcoming year (20–26 November 2031) with a day on the Thursday, a calendar
    and an 'Add your event' form."""
    year = CampaignYearPageFactory(parent=home_page, year=2031)
    ProgrammeDayPageFactory(parent=year, show_in_menus=True)
    CalendarPageFactory(parent=year)
    AddEventFormPageFactory(parent=year)
    return year


@pytest.fixture
def event_form(open_year):
    from submissions.models import AddEventFormPage

    return AddEventFormPage.objects.child_of(open_year).get()


def started(seconds_ago: float = 60) -> str:
    return sign_started(time.time() - seconds_ago)


def event_data(**changes) -> dict:
    """What a member's browser sends for a good event; `changes` replace answers."""
    data = {
        "title": "Sharing power in Fife",
        "kind": "workshop",
        "description": "A morning workshop on sharing power.\r\n\r\nEveryone is welcome.",
        "date": "2031-11-20",
        "start_time": "10:00",
        "end_time": "12:30",
        "attendance_mode": "in-person",
        "venue": "Kirkcaldy Community Hall",
        "town": "Kirkcaldy",
        "council_area": "fife",
        "online_link": "",
        "organisation_name": "Fife Community Voices",
        "booking_link": "https://tickets.example.org/fife",
        "contact_name": "Ailsa Brown",
        "contact_email": "ailsa@example.org",
        "consent_to_publish": "on",
        "website": "",
        "form_started": started(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Stories ----------------------------------------------------------------------------
@pytest.fixture
def story_form(open_year):
    """The open year's 'Share your story' form; the year has a blog for accepted stories."""
    BlogIndexPageFactory(parent=open_year)
    return ShareStoryFormPageFactory(parent=open_year)


def story_data(**changes) -> dict:
    """What a member's browser sends for a good story without photos; `changes` replace
    answers (None leaves one out) and add photos (`photo_1=upload, caption_1=...`)."""
    data = {
        "title": "Our library, our rules",
        "story": "We started meeting in the library every Tuesday.\r\n\r\nNow the people who use it help run it.",
        "video_url": "https://www.youtube.com/watch?v=AbCdEfGhIjK",
        "contact_name": "Ailsa Brown",
        "organisation_name": "Fife Community Voices",
        "contact_email": "ailsa@example.org",
        "permission_from_people_shown": "on",
        "consent_to_publish": "on",
        "website": "",
        "form_started": started(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Photos as a browser uploads them, made in memory.
def image_bytes(image_format="JPEG", size=(320, 240), mode="RGB", noise=False) -> bytes:
    if noise:
        image = Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))
    else:
        image = Image.new(mode, size, "teal" if mode == "RGB" else 1)
    buffer = io.BytesIO()
    image.save(buffer, image_format)
    return buffer.getvalue()


def photo_with_location(image_format="JPEG", **save_options) -> bytes:
    """A photo whose EXIF says where it was taken (and which camera, and which way up)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: turned a quarter
    exif[0x8825] = {1: "N", 2: (55.0, 57.0, 1.5), 3: "W", 4: (3.0, 11.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "teal").save(buffer, image_format, exif=exif.tobytes(), **save_options)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg(name="photo.jpg", size=(320, 240)) -> SimpleUploadedFile:
    return upload(name, image_bytes("JPEG", size))


def png(name="photo.png", size=(320, 240)) -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG", size), "image/png")


def webp(name="photo.webp", size=(320, 240)) -> SimpleUploadedFile:
    return upload(name, image_bytes("WEBP", size), "image/webp")


def stored_files() -> list[Path]:
    """Every file under the private and the public media folders."""
    roots = [Path(settings.PRIVATE_MEDIA_ROOT), Path(settings.MEDIA_ROOT)]
    return [path for root in roots if root.exists() for path in root.rglob("*") if path.is_file()]
