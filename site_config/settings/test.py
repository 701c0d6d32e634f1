"""Settings for the test suite: fast hashing, memory cache, plain static storage."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, set_postgres_parameter
from .env import env_str

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that run the site in another process give it a media folder of its own.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".test-media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / ".test-private-media")))
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the app folders, as in development: tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The full-page cache is off here, so tests that change content with the ORM see it at
# once; tests of the cache itself (test_page_cache.py, the query budget) turn it on.
PAGE_CACHE_ENABLED = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Test databases are thrown away after the run: a commit (the browser tests' and the
    # live servers' are real) need not wait for the disk.
    set_postgres_parameter(DATABASES["default"], "synchronous_commit", "off")
# Each page's scores for its words (search.postings) are made by PostgreSQL itself as
# the pages and their index entries are loaded: never copied into a test database.
TEST_NON_SERIALIZED_APPS = ["search"]
