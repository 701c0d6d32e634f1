"""The address a request really came from, for rate limits and throttles.

Behind reverse proxies REMOTE_ADDR is the nearest proxy, and the client's address is
in X-Forwarded-For. That header is written by whoever sends the request, so only the
entries added by our own proxies can be believed: with N trusted proxies in front of
the app, each appends the address it received the request from, and the client is the
N-th entry from the right. Anything further left was supplied by the client and is
ignored. Set TRUSTED_PROXY_COUNT to the number of proxies (0, the default, trusts
none and uses REMOTE_ADDR).

Used by the sign-in throttle (django-axes, AXES_CLIENT_IP_CALLABLE) and the public
forms' rate limit, so both agree on who "one client" is.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's IP address as far as the trusted proxies vouch for it."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    proxies = max(0, int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)))
    if proxies == 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Fewer entries than proxies means the request did not come through them all, so
    # nothing in the header can be trusted.
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    return candidate if _valid_ip(candidate) else remote


def axes_client_ip(request: HttpRequest) -> str | None:
    """client_ip for django-axes, which stores it in an IP address column.

    A request built without a socket (Django's force_login, management commands) has
    no address; PostgreSQL's inet type refuses a placeholder such as "unknown", so
    axes records NULL instead.
    """
    address = client_ip(request)
    return address if _valid_ip(address) else None
