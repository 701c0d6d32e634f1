"""The content generation from Redis without a round trip on every request.

Every page-cache hit needs the current content generation (core/page_cache.py), so that
a change made through another app server is served on the very next request. Asking
Redis for it each time is a network round trip and most of the work of a cached page.
Instead each process (each thread of it) keeps one connection to Redis with
server-assisted client-side caching turned on (`CLIENT TRACKING`, RESP3): Redis
remembers that this connection read the generation and, when anyone changes it, sends
an invalidation message down this connection. A request only polls the socket, without
waiting: nothing there means the number read last is still the current one; anything
there means read it again.

As fresh as asking: Redis queues the invalidation for this connection while it runs
the command that changed the number, before the reply to the server that sent it is
written. The editor who published through that server gets an answer only after that,
and the next visitor's request reaches this server later still. (Between machines the
message could in principle still be on its way; in one data centre it takes well under
a millisecond, far less than the editor's own round trip.)

Why not redis-py's own client-side cache: it needs Redis 7.4 or newer (Debian 12 has
7.0) and would keep every key the site reads, pages included, in each process.
Tracking needs Redis 6; a server that refuses it (some managed services) is asked the
plain way, as before, and a warning says so once.
"""

import logging
import os
import threading
import time

import redis

from django.conf import settings

logger = logging.getLogger(__name__)

# After a connection failure, requests ask Redis the plain way (through Django's cache,
# which tolerates Redis being down) for this long before this process tries again.
RETRY_AFTER_SECONDS = 5
REDIS_BACKENDS = ("django_redis.cache.RedisCache", "django.core.cache.backends.redis.RedisCache")


class Unavailable(Exception):
    """Tracking cannot answer now; ask Redis the plain way."""


class TrackedGeneration:
    """The integer stored under one Redis key, re-read only when Redis says it changed."""

    def __init__(self, url: str, key: str):
        self.url = url
        self.key = key
        self._client = None  # holds the connection open: redis-py closes it with the client
        self._connection = None
        self._value = None
        self._changed = True
        self._retry_at = 0.0

    def get(self) -> int | None:
        """The number (None if the key does not exist); raises Unavailable when Redis
        cannot be reached or will not track."""
        if self._connection is None:
            if time.monotonic() < self._retry_at:
                raise Unavailable
            self._connect()
        try:
            if self._connection.can_read():  # only an invalidation comes unasked
                self._drain()
            if self._changed:
                self._changed = False
                self._connection.send_command("GET", self.key)
                raw = self._connection.read_response()
                self._value = None if raw is None else int(raw)
        except (redis.RedisError, OSError, ValueError) as exc:
            self._give_up_for_now(exc)
            raise Unavailable from exc
        return self._value

    def _connect(self) -> None:
        try:
            client = redis.Redis.from_url(
                self.url, protocol=3, single_connection_client=True, socket_timeout=1, socket_connect_timeout=1
            )
            connection = client.connection  # already connected by redis-py
            self._track(connection)
            # And again whenever redis-py reconnects on its own: a new connection is
            # not tracked until it asks, and may have missed a change meanwhile.
            connection.register_connect_callback(self._track)
        except redis.ResponseError as exc:
            # Redis said no (before version 6, or a managed service that disables it).
            logger.warning("Redis refused client tracking (%s); the generation is asked for on each request.", exc)
            self._retry_at = float("inf")
            raise Unavailable from exc
        except (redis.RedisError, OSError) as exc:
            self._give_up_for_now(exc)
            raise Unavailable from exc
        self._client, self._connection = client, connection

    def _track(self, connection) -> None:
        connection.send_command("CLIENT", "TRACKING", "ON")
        connection.read_response()
        self._changed = True

    def _drain(self) -> None:
        while self._connection.can_read():
            # Something has arrived, so the rest of the message is at most moments
            # away: wait for it (up to the socket timeout) rather than fail on half.
            self._connection.read_response(push_request=True)
        self._changed = True

    def _give_up_for_now(self, exc: Exception) -> None:
        logger.warning("Lost Redis client tracking (%s); asking Redis on each request for a while.", exc)
        if self._client is not None:
            self._client.close()
        self._client = self._connection = None
        self._retry_at = time.monotonic() + RETRY_AFTER_SECONDS


_per_thread = threading.local()


def tracked(key: str) -> TrackedGeneration | None:
    """This thread's tracker of `key` (already made with the cache's key prefix) in the
    default cache's Redis, or None when the default cache is not Redis."""
    default = settings.CACHES.get("default", {})
    if default.get("BACKEND") not in REDIS_BACKENDS:
        return None
    location = default["LOCATION"]
    # The first server of a list is the one written to (django-redis and Django agree).
    url = (location if isinstance(location, str) else location[0]).split(",")[0].strip()
    trackers = getattr(_per_thread, "trackers", None)
    if trackers is None or _per_thread.pid != os.getpid():  # a fresh process after a fork
        trackers = _per_thread.trackers = {}
        _per_thread.pid = os.getpid()
    tracker = trackers.get((url, key))
    if tracker is None:
        tracker = trackers[(url, key)] = TrackedGeneration(url, key)
    return tracker
