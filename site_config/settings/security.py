"""Security and reliability settings shared by every environment.

Imported at the end of ``base.py``, so dev, test and production all send the same
Content-Security-Policy and the other headers (tests see exactly what visitors get).
What only makes sense over HTTPS (HSTS, Secure cookies, the redirect to https) is
switched on in ``production.py``. README.md, "Security and reliability", explains each
choice for whoever runs the site.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from .env import env_bool, env_int, env_str

# --- Headers --------------------------------------------------------------------------
# The public site uses only its own CSS and JavaScript files (no inline scripts, no
# inline styles, no CDN, no web fonts); JSON-LD blocks are data, never executed, so
# they need no script permission. Anything else a page tries to load is refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the tiny inline SVG/PNG icons that browsers and Wagtail's userbar use.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "worker-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # No one may put the public site in a frame (clickjacking).
        "frame-ancestors": [NONE],
    }
}

# The Wagtail admin (everything under /admin/) gets its own, looser policy because
# Wagtail 8 still renders inline <script> blocks (date pickers, inline panels,
# choosers) and inline styles, and its preview shows the page in a same-origin
# <iframe>. Only the admin's signed-in staff see these pages; the public policy above
# stays strict. site_config.middleware.ContentSecurityPolicyMiddleware picks the policy.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        # blob: for previews of images chosen for upload before they are sent.
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        # The live preview panel frames the page being edited, from this same site.
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Browser features no page of this site uses are switched off for it and for anything
# it frames. The "Copy this post" buttons need clipboard-write on our own origin.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "clipboard-write": ["self"],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# Links to other sites carry only our origin, never the full address (search terms).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Cookies and sessions -------------------------------------------------------------
# Only staff have sessions (the public site has no accounts). A session ends when the
# browser closes (unless "Remember me" was ticked at sign-in) and in any case
# SESSION_HOURS after sign-in (8: one working day), so a forgotten browser on a shared
# computer does not stay signed in for days. The server enforces the limit: it stores
# the expiry with the session and moves it on only when the session itself changes
# (sign-in, two-factor check), not on every request. It is deliberately not an "idle"
# timeout: Wagtail's editor pings the server while a page is open, which would keep a
# forgotten tab signed in for ever.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8) * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Wagtail's admin scripts take the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- Client address behind proxies ----------------------------------------------------
# How many reverse proxies we run in front of the app (0: visitors connect directly).
# With 1 (e.g. nginx or a load balancer), the visitor's address is the last entry of
# X-Forwarded-For, which that proxy writes; anything before it is client-supplied and
# never trusted. core.client_ip reads this; the login throttle and the public forms'
# rate limit both use it, so they agree on who "one client" is.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Sign-in throttling (django-axes) -------------------------------------------------
# After LOGIN_FAILURE_LIMIT failed sign-ins from one client address, that address is
# refused (HTTP 429 with a message saying how long) for LOGIN_LOCKOUT_MINUTES; a
# successful sign-in clears the count. Attempts are kept in the database, so every app
# server sees them and they survive the cache going down.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client_ip.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "site_config.views.login_locked"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out client is refused before its password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Two-factor authentication (django-otp; the accounts app) -------------------------
# When on, every user who can reach the Wagtail admin must confirm each sign-in with a
# six-digit code from an authenticator app; someone without one yet is sent to set it
# up before anything else. When off, it is each user's choice (Account → Two-factor
# authentication), and whoever has set it up is always asked for a code. On by default
# in production (production.py). wagtail-2fa, the Wagtail package for this, does not
# load on Wagtail 8 (README, "Two-factor authentication").
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = "Co-production Week Scotland"

# --- Request size limits --------------------------------------------------------------
# Anything over these is refused with the branded 400 page, never a 500.
# A form body without its files: 5 MB is far above the biggest page the editor posts
# (a guide page with every block is under 1 MB) and small enough to parse safely.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Files in one request: the admin uploads one file per request; the public story form
# takes a handful of photos. Twenty is generous for both.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# (DATA_UPLOAD_MAX_NUMBER_FIELDS is 10,000 in base.py, for the page editor.)

# --- When a service is down -----------------------------------------------------------
# With Redis unreachable, django-redis treats each cache call as a miss (IGNORE_EXCEPTIONS
# in base.py) and logs it here, at ERROR level on the "django_redis.cache" logger.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Staff avatars come from uploads only: Gravatar would send a hash of each editor's
# email address to a third party, and the admin's policy loads no outside images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Backups --------------------------------------------------------------------------
# Where `manage.py backup` (make backup) writes its archives. Keep copies off this server.
BACKUP_DIR = env_str("BACKUP_DIR", str(Path(__file__).resolve().parents[2] / "backups"))
