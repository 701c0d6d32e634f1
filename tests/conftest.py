import datetime
import os
import shutil

import pytest
import time_machine

from django.core.cache import cache
from django.db import connections

from core import in_process
from core.demo.builder import DemoBuilder
from home.models import HomePage

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The suite's own clock. Whether a year is upcoming, live or archived follows from today's
# date, and the tests' years are fixed: 2017 and 2018 from the seeds, an open year in 2031,
# factory years from 2030. On the machine's clock the suite would start failing in
# November 2030 with nothing changed. So every test process starts at this moment and
# time runs on from it (tick): expiry, timeouts and lockouts behave as on any day, and the
# suite passes whatever year it is run in. Servers and commands the tests start as
# processes of their own keep the machine's clock and build their own data.
SUITE_CLOCK = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
_suite_clock = time_machine.travel(SUITE_CLOCK, tick=True)


def pytest_configure(config):
    _suite_clock.start()


def pytest_unconfigure(config):
    _suite_clock.stop()


pytest_plugins = [
    "tests.browser",
    "tests.editorial_fixtures",
    "tests.submission_fixtures",
    "tests.production",
    "tests.public_pages",
    "tests.scheduling",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads, private uploads and renditions into its own folders,
    and starts with an empty cache and a content generation of its own: Wagtail caches
    renditions by image id, and ids come round again after each test's rollback."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    # The content generation of the page cache, shared by this test's processes only.
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "content-generation"
    cache.clear()
    # And nothing this process kept for an earlier test's generation (two tests whose
    # clocks stand still at the same moment could start the same number).
    in_process.clear_all()
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)
    shutil.rmtree(tmp_path / "private-media", ignore_errors=True)


@pytest.fixture
def home_page(db):
    return HomePage.objects.get()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo site once per test run; each test then works inside a
    transaction that is rolled back, so it always starts from the same content."""
    with django_db_blocker.unblock():
        DemoBuilder().build()
        # Tests served by a live server (the browser tests) cannot run in a transaction:
        # the database is emptied after each, and the next one starts from what was
        # serialized when the database was made. Serialized again with the demo, they
        # start from the demo without building it again (seconds each).
        for connection in connections.all():
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def demo(db):
    """The demo site built from the seeds: 2017 as it happened and the 2018 announcement."""
    return HomePage.objects.get()


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "a-long-test-password")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def during_the_2026_week():
    """Today is Monday 23 November 2026, while a week that began on Friday the 20th runs:
    the suite's clock moved to noon that day, for the test only."""
    with time_machine.travel(datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC), tick=True):
        yield


@pytest.fixture
def page_cache_off(settings):
    """Every request is rendered, for tests of what happens without the page cache
    (a module asks for it with `pytestmark = pytest.mark.usefixtures("page_cache_off")`)."""
    settings.PAGE_CACHE_ENABLED = False
