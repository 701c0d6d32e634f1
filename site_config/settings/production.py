"""Settings for a deployed site. Refuses to start without SECRET_KEY.

`DJANGO_SETTINGS_MODULE=site_config.settings.production python manage.py check --deploy`
reports no warnings with these settings (one is silenced below, with the reason).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN, SECRET_KEY, STORAGES, TRUSTED_PROXY_COUNT
from .env import env_bool, env_int

# Never on in production, whatever the environment says.
DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings refuse to start without one; "
        "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# Compressed (gzip and Brotli where available) and fingerprinted static files, so they
# can be cached for a year by browsers and any CDN in front.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "core.static_files.StaticFilesStorage"},
}

# --- HTTPS only -----------------------------------------------------------------------
# Plain-http requests are redirected to https, and browsers are told (HSTS) to use https
# only for a year. Behind a TLS-terminating proxy we trust (TRUSTED_PROXY_COUNT >= 1),
# its X-Forwarded-Proto header says whether the visitor used https; the proxy must set
# that header itself, never pass on the client's.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for the HSTS "preload" flag. Preloading puts the whole domain
    # into browsers' built-in https-only lists, which is hard to undo and is a decision
    # for whoever owns the domain (the site may live under scdc.org.uk), not for this
    # app. Set HSTS_PRELOAD=true once they agree, and the check comes back on.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# Cookies only over https (both are already HttpOnly and SameSite=Lax: security.py).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Any http:// address left in content (an old image link, say) is fetched over https.
for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN):
    _policy["DIRECTIVES"]["upgrade-insecure-requests"] = True

# --- Staff accounts -------------------------------------------------------------------
# Two-factor authentication is on for every admin user unless STAFF_2FA_REQUIRED=false.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", True)
