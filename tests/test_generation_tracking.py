"""With Redis, a page-cache hit asks Redis nothing while content is unchanged: Redis
tells each process when the content generation changes (core/generation_tracking.py).
Yet a change made through another app server is served on the next request, a Redis
restart loses no correctness, and a Redis that refuses tracking is asked the plain way.

Each test runs its own redis-server (Debian's, as on the CI machine) on a free port, so
Redis's own command counts are this test's alone."""

import os
import shutil
import subprocess
import time
import uuid

import pytest
import redis

from campaign.models import EventPage
from core import generation_tracking
from core.page_cache import GENERATION_KEY, HIT_HEADER
from ops.server import free_port
from site_config.settings.base import redis_cache

REDIS_SERVER = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(not REDIS_SERVER and not os.environ.get("CI"), reason="redis-server is not installed")


class RedisServer:
    def __init__(self, *extra_args: str):
        self.port = free_port()
        self.extra_args = extra_args
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                *self.extra_args,
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)

    def commands(self) -> dict[str, int]:
        stats = redis.Redis.from_url(self.url).info("commandstats")
        return {name.removeprefix("cmdstat_"): value["calls"] for name, value in stats.items()}

    def reset_counts(self) -> None:
        redis.Redis.from_url(self.url).config_resetstat()


OUR_OWN_COMMANDS = {"config|resetstat", "hello", "client|setinfo", "info"}


def use(settings, server: RedisServer) -> str:
    prefix = f"coproweek-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": redis_cache(server.url, prefix),
        "local-pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix},
    }
    settings.PAGE_CACHE_ENABLED = True
    return f"{prefix}:1:{GENERATION_KEY}"


@pytest.fixture
def private_redis(settings):
    server = RedisServer()
    server.start()
    yield server, use(settings, server)
    server.stop()


def visit(client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200
    return response[HIT_HEADER], response.content.decode()


def rename_event_on_another_server(server: RedisServer, generation_key: str) -> str:
    """What an editor's publish does through another app server: the content changes
    in the shared database and that server bumps the generation in Redis."""
    event = EventPage.objects.live().filter(date__year=2017).first()
    EventPage.objects.filter(pk=event.pk).update(title="Renamed through the other server")
    redis.Redis.from_url(server.url).incr(generation_key)
    return event.get_parent().url


def test_cached_pages_ask_redis_nothing_while_content_is_unchanged(demo, client, private_redis):
    server, _ = private_redis
    assert visit(client, "/2017/")[0] == "miss"
    assert visit(client, "/2017/")[0] == "hit"
    server.reset_counts()
    for _ in range(10):
        assert visit(client, "/2017/")[0] == "hit"
    # Leaving out what this test's own connection to Redis says to count them.
    asked = {name: calls for name, calls in server.commands().items() if name not in OUR_OWN_COMMANDS}
    assert asked == {}, f"a cached page asked Redis: {asked}"


def test_a_change_through_another_server_is_served_on_the_next_request(demo, client, private_redis):
    server, generation_key = private_redis
    day = EventPage.objects.live().filter(date__year=2017).first().get_parent().url
    visit(client, day)
    assert visit(client, day)[0] == "hit"
    rename_event_on_another_server(server, generation_key)
    hit, html = visit(client, day)
    assert hit == "miss"
    assert "Renamed through the other server" in html


def test_a_restarted_redis_serves_no_stale_page(demo, client, private_redis, monkeypatch):
    monkeypatch.setattr(generation_tracking, "RETRY_AFTER_SECONDS", 0)  # reconnect at once
    server, generation_key = private_redis
    day = EventPage.objects.live().filter(date__year=2017).first().get_parent().url
    visit(client, day)
    assert visit(client, day)[0] == "hit"
    server.stop()
    visit(client, day)  # served while Redis is down
    server.start()  # empty, as Redis without persistence comes back
    rename_event_on_another_server(server, generation_key)
    hit, html = visit(client, day)
    assert hit == "miss"
    assert "Renamed through the other server" in html


def test_a_redis_that_refuses_tracking_is_asked_on_each_request(demo, client, settings, caplog):
    server = RedisServer("--rename-command", "CLIENT", "")
    server.start()
    try:
        generation_key = use(settings, server)
        day = EventPage.objects.live().filter(date__year=2017).first().get_parent().url
        visit(client, day)
        assert visit(client, day)[0] == "hit"
        assert "refused client tracking" in caplog.text
        rename_event_on_another_server(server, generation_key)
        hit, html = visit(client, day)
        assert hit == "miss"
        assert "Renamed through the other server" in html
    finally:
        server.stop()
