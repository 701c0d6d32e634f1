"""Spam protection for public forms, shared by every submission form.

Three checks, none of which asks a person to do anything:

* a honeypot: a field hidden from people (CSS, aria-hidden, out of the tab order) that
  form-filling robots complete;
* a minimum fill time: the form carries the time it was shown, signed with the site's
  secret key, and a post sooner than SUBMISSIONS_MIN_FILL_SECONDS after it is refused.
  A missing, altered or non-numeric timestamp is refused the same way. A signed
  timestamp older than SUBMISSIONS_MAX_FORM_AGE_SECONDS (a day) cannot be replayed: the
  post is not stored, and the form comes back with the answers in it, a new timestamp
  and a message asking to send it again. A person who left the tab open overnight
  loses nothing; a robot replaying an old token gains nothing it could not get by
  asking for the form afresh, and the fill time still applies to the new one;
* a per-IP rate limit on stored submissions (SUBMISSIONS_RATE_LIMIT, a (count,
  seconds) pair), counted in Django's cache. If the cache cannot be reached the limit
  is not applied and a warning is logged: a genuine member must not lose their
  submission because Redis is down, and the other two checks still stand.

A refused post gets one neutral page whichever check caught it (the log says which),
so a robot learns nothing about how it was caught.
"""

import hashlib
import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from core.client_ip import client_ip

logger = logging.getLogger("submissions.spam")

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
SPAM_FIELDS = (HONEYPOT_FIELD, STARTED_FIELD)
_STARTED_SALT = "submissions.spam.form-started"

DEFAULT_MIN_FILL_SECONDS = 3
DEFAULT_RATE_LIMIT = (10, 60 * 60)
DEFAULT_MAX_FORM_AGE_SECONDS = 24 * 60 * 60

HONEYPOT = "honeypot"
BAD_TIMESTAMP = "missing or altered timestamp"
TOO_FAST = "sent too fast"
STALE = "form open too long"
STALE_MESSAGE = (
    "This form was open for more than a day, so we have not sent it yet. Check your answers below and send it again."
)
RATE_LIMITED = "rate limit"


def min_fill_seconds() -> float:
    return getattr(settings, "SUBMISSIONS_MIN_FILL_SECONDS", DEFAULT_MIN_FILL_SECONDS)


def max_form_age_seconds() -> float:
    return getattr(settings, "SUBMISSIONS_MAX_FORM_AGE_SECONDS", DEFAULT_MAX_FORM_AGE_SECONDS)


# --- The signed "form shown at" timestamp ---------------------------------------------
def sign_started(now: float | None = None) -> str:
    return signing.Signer(salt=_STARTED_SALT).sign(str(int(now if now is not None else time.time())))


def seconds_since_started(token: str | None, now: float | None = None) -> float | None:
    """Seconds since the signed timestamp; None if it is missing, altered or not a number."""
    if not token:
        return None
    try:
        value = signing.Signer(salt=_STARTED_SALT).unsign(token)
        started = int(value)
    except (signing.BadSignature, ValueError):
        return None
    return (now if now is not None else time.time()) - started


class SpamProtectionMixin:
    """Adds the honeypot and the signed timestamp to any Django form (put it first in
    the bases). Render them with `{% include "submissions/includes/spam_fields.html" %}`
    (the shared form template does) and ask `spam_check()` before `is_valid()`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Leave this field empty",
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        self.fields[STARTED_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial[STARTED_FIELD] = sign_started()

    def spam_check(self) -> str | None:
        """Which check the posted data fails, or None if it looks like a person's."""
        if str(self.data.get(HONEYPOT_FIELD, "")).strip():
            return HONEYPOT
        elapsed = seconds_since_started(self.data.get(STARTED_FIELD))
        if elapsed is None:
            return BAD_TIMESTAMP
        if elapsed < min_fill_seconds():
            return TOO_FAST
        if elapsed > max_form_age_seconds():
            return STALE
        return None


def with_new_timestamp(data):
    """A copy of posted `data` carrying a timestamp signed now, to show a stale form again."""
    data = data.copy()
    data[STARTED_FIELD] = sign_started()
    return data


# --- Per-IP rate limit ------------------------------------------------------------------
class RateLimit:
    """At most `limit` hits per client IP in each `window` seconds, per `scope`."""

    def __init__(self, scope: str, limit: int, window: int):
        self.scope, self.limit, self.window = scope, limit, window

    @classmethod
    def for_submissions(cls, scope: str) -> "RateLimit":
        limit, window = getattr(settings, "SUBMISSIONS_RATE_LIMIT", DEFAULT_RATE_LIMIT)
        return cls(scope, limit, window)

    def key(self, ip: str, now: float | None = None) -> str:
        # Hashed so addresses are not stored in the cache in the clear.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
        window_number = int((now if now is not None else time.time()) // self.window)
        return f"ratelimit:{self.scope}:{digest}:{window_number}"

    def hit(self, request) -> bool:
        """Count this request; False once the client is over the limit. Fails open
        (True, with a warning in the log) when the cache cannot be reached."""
        key = self.key(client_ip(request))
        try:
            cache.add(key, 0, timeout=self.window)
            try:
                count = cache.incr(key)
            except ValueError:
                # The key expired between add and incr.
                cache.set(key, 1, timeout=self.window)
                count = 1
        except Exception:
            logger.warning("Rate limit %r not applied: the cache could not be reached.", self.scope, exc_info=True)
            return True
        return count <= self.limit


# --- The neutral refusal ----------------------------------------------------------------
def refuse(request, reason: str, *, where: str, back_url: str = "", form_title: str = ""):
    """The one page every refused post gets. The reason goes to the log only."""
    logger.warning("Refused a submission to %s from %s: %s.", where, client_ip(request), reason)
    context = {"back_url": back_url, "form_title": form_title}
    response = render(request, "submissions/refused.html", context, status=400)
    add_never_cache_headers(response)
    return response
