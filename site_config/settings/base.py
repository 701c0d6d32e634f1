"""Settings shared by every environment.

Safe for production by default: DEBUG is off and there is no secret key here. The
development key lives only in ``dev.py``; ``production.py`` refuses to start without
``SECRET_KEY``. Everything that differs between machines is read from the environment
(see README.md, "Configuration").
"""

from pathlib import Path

import dj_database_url
import dj_email_url

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps come first so their templates override Wagtail's where names match.
    "core",
    "home",
    "campaign",
    "submissions",
    "blog",
    "resources",
    "search",
    # The yearly cycle: start next year, stable addresses, static export, a year in numbers.
    "yearly",
    # Before wagtail.admin: its workflow emails replace Wagtail's (see editorial/notifications.py).
    "editorial",
    "accounts",
    "ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    # Security: CSP headers, sign-in throttling, two-factor authentication for staff.
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Straight after SecurityMiddleware, as whitenoise's documentation asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous GETs of public pages from the shared cache; a hit skips everything
    # below (core/page_cache.py says what is never cached).
    "core.page_cache.PageCacheMiddleware",
    # The request's Wagtail site from this process's memory, per content generation.
    "core.sites.RememberedSiteMiddleware",
    # Content-Security-Policy (public and admin policies) and Permissions-Policy on every
    # response, error pages included; see settings/security.py.
    "site_config.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor authentication for staff: django-otp marks a user verified once they
    # gave a code; ours sends staff who have not to the code (or set-up) page.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Keeps guest bloggers out of admin areas Wagtail opens to anyone who may add a page.
    "editorial.middleware.AdminScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the "try later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.page_cache.content_generation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite in the project folder unless DATABASE_URL says otherwise, e.g.
# postgres://user:password@host:5432/coproweek (psycopg 3 is the driver).


def set_postgres_parameter(database: dict, name: str, value) -> None:
    """Have PostgreSQL use `name` = `value` on every connection to `database` (the
    connection's startup options), beside any options already there: DATABASE_URL's
    ?options=…, or another setting's."""
    options = database.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c {name}={value}".strip()


DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share one SQLite file (`make run`, the soak). A write
    # takes the lock when its transaction begins and waits for it, instead of failing
    # half-way with "database is locked" when another worker writes at the same moment;
    # with WAL, reading pages never waits for a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )
elif (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env_str("DATABASE_PARALLEL_WORKERS", "0").strip()
):
    # One process per query. For a big query (a search for a word in thousands of
    # pages) PostgreSQL may start worker processes of its own: each start costs
    # milliseconds and they take the CPUs the app servers need, so under load they
    # halved what the site served: the bench's search for "power" at 50 requests/s with
    # them, 108 without (2026-12-07). DATABASE_PARALLEL_WORKERS gives them back to a
    # database on a host of its own; empty leaves the server's setting alone.
    parallel_workers = env_int("DATABASE_PARALLEL_WORKERS", 0)
    if parallel_workers < 0:
        raise ImproperlyConfigured("DATABASE_PARALLEL_WORKERS must be 0 or more.")
    set_postgres_parameter(DATABASES["default"], "max_parallel_workers_per_gather", parallel_workers)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
# A shared Redis when REDIS_URL (or CACHE_URL) is set, so several app servers see the
# same cache; otherwise each process's own memory cache, and the number that says when
# cached pages are out of date in a file every process on the machine reads
# (PAGE_CACHE_GENERATION_FILE below): enough for one machine.
REDIS_URL = env_str("REDIS_URL") or env_str("CACHE_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "coproweek")


def redis_cache(url: str, key_prefix: str) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            # If Redis is down, pages are still served (uncached) and forms still work:
            # cache errors are logged (logger "django_redis.cache") and treated as misses
            # instead of failing the request.
            "IGNORE_EXCEPTIONS": True,
        },
    }


if REDIS_URL:
    CACHES = {
        "default": redis_cache(REDIS_URL, CACHE_KEY_PREFIX),
        # Each process's own copies of pages already fetched from Redis (core/page_cache.py).
        "local-pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "local-pages",
            "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_LOCAL_ENTRIES", 300)},
        },
        # The templates' fragments (base.html's year menu, breadcrumbs and footer), kept
        # by each process: their keys hold the content generation, so they are as fresh
        # as Redis's would be, and each page view then asks Redis for none of the three.
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", 5000)},
        },
        # Wagtail's lookups of pictures' renditions (it uses a cache of this name when
        # there is one): each process's own, for five minutes, instead of two or three
        # round trips to Redis on every page with a picture. Their keys hold the
        # picture's file hash and focal point, so a changed picture is a new key.
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", 5000)},
        },
    }
else:
    _local_cache = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "coproweek",
        # Django's default of 300 entries would not hold one year's calendar feed
        # pieces (an entry per event), let alone the pages and listing cards beside
        # them: a full cache throws a third of its entries away at a time.
        "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_ENTRIES", 5000)},
    }
    # Without Redis the fragments and renditions are in the same memory cache.
    CACHES = {"default": _local_cache, "fragments": _local_cache, "renditions": _local_cache}

# --- Full-page cache (core/page_cache.py) ------------------------------------------
# Anonymous visitors get public pages from the cache above; any content change purges
# every cached page at once. PAGE_CACHE_SECONDS is also the CDN's s-maxage.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 60)
# Query parameters public pages ignore, besides the usual trackers (utm_…, fbclid…):
# names, or prefixes ending in "_" (core/tracking_parameters.py).
PAGE_CACHE_IGNORED_PARAMETERS = env_list("PAGE_CACHE_IGNORED_PARAMETERS")
# Without Redis: the file holding the content generation, which every process on the
# machine must see (core/generation_file.py). By default one in the temp folder, named
# after the database.
PAGE_CACHE_GENERATION_FILE = env_str("PAGE_CACHE_GENERATION_FILE") or None

# A CDN in front: Wagtail's frontend-cache app purges a page's address there when it is
# published or unpublished, and core/cdn.py the pages and feeds that list it.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx or Squid accepting PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }
if env_str("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": env_str("CLOUDFLARE_BEARER_TOKEN"),
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
if env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env_str("CLOUDFRONT_DISTRIBUTION_ID"),
    }

# --- Email ----------------------------------------------------------------------------
# EMAIL_URL such as smtp://user:password@mail.example.org:587/?tls=True. Without it,
# messages are printed to the console, which is what development wants.
EMAIL_URL = env_str("EMAIL_URL")
# Seconds to wait for the mail server (EMAIL_URL's ?timeout= wins): an unreachable one
# must not hold a page for minutes. Senders catch and log failures (see README).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or EMAIL_TIMEOUT
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Co-production Week Scotland <coproweek@scdc.org.uk>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Passwords ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# Every event time is Scottish local time; storing aware datetimes and showing them in
# Europe/London keeps BST and GMT right on both sides of the clock change.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
# Files that must not be public: photos sent in with stories, until staff accept them
# (submissions/storage.py). Outside MEDIA_ROOT, never served by the web server.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Photos sent in with stories, until staff accept them (submissions/storage.py).
    "private": {"BACKEND": "submissions.storage.PrivateStorage"},
}

# Several app servers: uploads (images, documents, renditions) in S3-compatible object
# storage shared by all of them, when a bucket is named. django-storages, configured by
# environment; without it, MEDIA_ROOT must be a folder every server shares.
if env_str("MEDIA_S3_BUCKET"):
    _bucket = {
        "bucket_name": env_str("MEDIA_S3_BUCKET"),
        "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,  # e.g. MinIO, Scaleway, R2
        "region_name": env_str("MEDIA_S3_REGION") or None,
        "access_key": env_str("MEDIA_S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("MEDIA_S3_SECRET_ACCESS_KEY") or None,
        # Uploads never overwrite one another; objects get the bucket's own permissions.
        "file_overwrite": False,
        "default_acl": None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_bucket,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,  # a CDN in front of the bucket
            # Public uploads are public: plain addresses that a CDN can cache, no
            # signed query strings.
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    # In the same bucket under a prefix of their own, which the bucket's policy must not
    # make public (objects are private unless a policy says otherwise). They have no
    # address: staff see them through the inbox, which reads them from the bucket.
    STORAGES["private"] = {
        "BACKEND": "submissions.storage.PrivateS3Storage",
        "OPTIONS": {**_bucket, "location": env_str("MEDIA_S3_PRIVATE_PREFIX", "private"), "querystring_auth": True},
    }

# The page editor posts one field per StreamField block value; big guide pages exceed
# Django's default of 1,000.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Co-production Week Scotland"
# Used for absolute links in emails and feeds sent outside a request.
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILSEARCH_BACKENDS = {
    # Wagtail's database backend: PostgreSQL's full-text search on PostgreSQL and
    # SQLite's FTS5 on SQLite, with no search server to run. search.backends ranks
    # SQLite results in one query instead of one per matching page.
    "default": {"BACKEND": "search.backends"},
}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_COMMENTS_ENABLED = True
# Submissions are emailed to the reviewers of the workflow step (Moderators, Editors), not
# to every superuser as well.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Uploads: raster images only (SVG can carry scripts), at most 10 MB and 40 megapixels
# so a decompression bomb is refused before it is decoded. The admin's image form puts
# every file through the same check as the public forms (core/images.py).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.images.CheckedImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are served through Django so that collection privacy is honoured.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Public forms -----------------------------------------------------------------------
# (TRUSTED_PROXY_COUNT, which the forms' rate limit uses, is in security.py.)
# Where news of event and story submissions goes when neither the form page nor the
# network settings name a contact email (see submissions/emails.py).
SUBMISSIONS_STAFF_EMAIL = env_str("SUBMISSIONS_STAFF_EMAIL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 runs search indexing and reference updates as tasks; one INFO line
        # per task drowns everything else.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs every sign-in attempt at INFO; failures and lockouts are
        # WARNINGs, which still come through.
        "axes": {"level": "WARNING"},
    },
}

from .security import *  # noqa: E402, F403  (security and reliability settings)
