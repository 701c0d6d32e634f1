"""Configuration for several app servers, from the environment: uploads in S3-compatible
storage shared by every server, and Wagtail's CDN purging."""

import pytest

from tests.production import clean_environ, run_python

# Settings, storages and caches need only the settings module, not every app loaded.
CODE = """
from django.conf import settings
from django.core.files.storage import storages
media = storages["default"]
print(type(media).__name__, media.bucket_name, media.endpoint_url, media.querystring_auth, media.file_overwrite)
print(sorted(settings.WAGTAILFRONTENDCACHE))
print(settings.PAGE_CACHE_SECONDS, settings.PAGE_CACHE_ENABLED)
"""


def test_uploads_go_to_the_named_bucket_and_cdn_purging_is_configured():
    env = clean_environ(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY="x" * 50,
        MEDIA_S3_BUCKET="coproweek-media",
        MEDIA_S3_ENDPOINT_URL="https://objects.example.org",
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_BEARER_TOKEN="token",
        FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081",
        PAGE_CACHE_SECONDS="120",
    )
    storage, frontend, page_cache = run_python(env, CODE).strip().splitlines()
    assert storage == "S3Storage coproweek-media https://objects.example.org False False"
    assert frontend == "['cloudflare', 'http']"
    assert page_cache == "120 True"


def test_without_a_bucket_uploads_stay_on_the_shared_folder():
    env = clean_environ(DJANGO_SETTINGS_MODULE="site_config.settings.production", SECRET_KEY="x" * 50)
    code = "from django.core.files.storage import storages; print(type(storages['default']))"
    assert run_python(env, code).strip().endswith(".FileSystemStorage'>")


def test_without_redis_each_process_keeps_a_busy_weeks_worth_of_pieces():
    # A year's calendar feed alone is kept as one piece per event (280 in the scale
    # data), beside the pages and listing cards: Django's 300 entries would not hold it.
    code = "from django.core.cache import cache; print(cache._max_entries)"
    env = clean_environ(DJANGO_SETTINGS_MODULE="site_config.settings.production", SECRET_KEY="x" * 50)
    assert int(run_python(env, code)) >= 5000
    env["LOCAL_CACHE_ENTRIES"] = "800"
    assert int(run_python(env, code)) == 800


@pytest.mark.parametrize("alias", ["fragments", "renditions"])
def test_template_fragments_and_renditions_are_kept_in_each_processs_memory(alias):
    # Their keys hold the content generation (fragments) or the picture's file hash and
    # focal point (Wagtail's renditions), so a process's own copy is as fresh as Redis's,
    # and a page view asks Redis for none of them.
    code = (
        "from django.core.cache import caches; "
        f"fragments, default = caches['{alias}'], caches['default']; "
        "print(type(fragments).__name__, type(default).__name__, fragments._cache is getattr(default, '_cache', None))"
    )
    env = clean_environ(DJANGO_SETTINGS_MODULE="site_config.settings.production", SECRET_KEY="x" * 50)
    # Without Redis: the one memory cache of the process.
    assert run_python(env, code).strip() == "LocMemCache LocMemCache True"
    env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    assert run_python(env, code).strip() == "LocMemCache RedisCache False"
