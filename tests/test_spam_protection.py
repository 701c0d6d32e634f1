"""The shared pieces behind every public form: the client's address behind proxies,
the signed timestamp and the rate limit."""

import time

import pytest

from django.core import signing
from django.test import RequestFactory, override_settings

from core.client_ip import client_ip
from submissions.spam import RateLimit, seconds_since_started, sign_started


def request_from(remote="10.0.0.5", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is whatever the client wrote, so it is ignored.
        (0, "203.0.113.7", "1.2.3.4", "203.0.113.7"),
        # One proxy appends the address it saw; anything before that is the client's own claim.
        (1, "10.0.0.5", "203.0.113.7", "203.0.113.7"),
        (1, "10.0.0.5", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        # Two proxies (a CDN, then a load balancer): the client is second from the right.
        (2, "10.0.0.5", "1.2.3.4, 203.0.113.7, 198.51.100.1", "203.0.113.7"),
        (1, "10.0.0.5", "2001:db8::1", "2001:db8::1"),
        # Fewer entries than proxies: the request did not come through them; trust nothing.
        (2, "10.0.0.5", "203.0.113.7", "10.0.0.5"),
        (1, "10.0.0.5", None, "10.0.0.5"),
        # Garbage where an address should be.
        (1, "10.0.0.5", "1.2.3.4, not-an-ip", "10.0.0.5"),
    ],
)
def test_client_ip_honours_only_the_trusted_proxies(proxies, remote, forwarded, expected):
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request_from(remote, forwarded)) == expected


def test_trusted_proxy_count_comes_from_the_environment():
    from tests.test_settings import run_django

    code = "from django.conf import settings; print(settings.TRUSTED_PROXY_COUNT)"
    assert run_django("site_config.settings.dev", {}, code).stdout.strip() == "0"
    assert run_django("site_config.settings.dev", {"TRUSTED_PROXY_COUNT": "2"}, code).stdout.strip() == "2"


def test_the_signed_timestamp_reads_back_only_when_untouched():
    now = time.time()
    assert seconds_since_started(sign_started(now - 30), now=now) == pytest.approx(30, abs=1)
    assert seconds_since_started(None) is None
    assert seconds_since_started("") is None
    assert seconds_since_started("1700000000") is None, "unsigned"
    assert seconds_since_started(sign_started(now).replace(":", ":x", 1)) is None, "altered"
    not_a_number = signing.Signer(salt="submissions.spam.form-started").sign("soon")
    assert seconds_since_started(not_a_number) is None


def test_the_rate_limit_counts_each_address_in_its_own_window():
    limit = RateLimit("test", limit=2, window=60)
    first, second = request_from("203.0.113.7"), request_from("198.51.100.20")
    assert [limit.hit(first) for _ in range(3)] == [True, True, False]
    assert limit.hit(second)
    assert RateLimit("other-form", limit=2, window=60).hit(first), "each form has its own count"
    assert limit.key("203.0.113.7", now=0) != limit.key("203.0.113.7", now=61), "a new window starts afresh"
    assert "203.0.113.7" not in limit.key("203.0.113.7"), "addresses are not kept in the clear"


def test_a_timestamp_older_than_a_day_is_stale_not_accepted(settings):
    from submissions.forms import EventSubmissionForm
    from submissions.spam import STALE, max_form_age_seconds

    assert max_form_age_seconds() == 24 * 60 * 60
    form_at = lambda seconds_ago: EventSubmissionForm(  # noqa: E731
        {"website": "", "form_started": sign_started(time.time() - seconds_ago)}
    )
    assert form_at(23 * 60 * 60).spam_check() is None
    assert form_at(25 * 60 * 60).spam_check() == STALE
    settings.SUBMISSIONS_MAX_FORM_AGE_SECONDS = 60
    assert form_at(120).spam_check() == STALE
