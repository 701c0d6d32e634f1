"""Several app servers on one PostgreSQL database and one Redis: two gunicorn instances
on different ports with production settings. An editor unpublishes an event through
instance A's admin; instance B, which had the event and its day cached, serves the
change on its very next request.

Runs where PostgreSQL and Redis run (CI's PostgreSQL pass; TEST_REDIS_URL, by default
redis://127.0.0.1:6379/0); skipped elsewhere."""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from ops.server import GunicornServer, production_env
from tests.production import on_postgresql, run_manage

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PASSWORD = "a-long-two-server-password"


def redis_is_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not os.environ.get("CI") and not redis_is_up(), reason=f"no Redis at {REDIS_URL} (TEST_REDIS_URL)"
)


class SecureCookiesOverLoopback(http.cookiejar.DefaultCookiePolicy):
    """The site believes it is on https (its proxy says so) and marks its cookies
    Secure; this client is that proxy, on plain http to 127.0.0.1."""

    def return_ok_secure(self, cookie, request):
        return True


class Browser:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar(policy=SecureCookiesOverLoopback())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.40",
            "Referer": f"https://{self.base_url.removeprefix('http://')}{path}",
        }
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)  # noqa: S310 - local
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, path: str) -> str:
        _, _, html = self.request(path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def sign_in(self, username: str, password: str) -> None:
        token = self.csrf_token("/admin/login/")
        self.request("/admin/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password})
        status, _, html = self.request("/admin/")
        assert status == 200, html[:500]
        assert "Dashboard" in html or "wagtail" in html.lower()


@pytest.mark.slow
def test_a_change_published_through_one_server_is_served_by_the_other(demo_archive, scratch_site, production_static):
    if not on_postgresql():
        pytest.skip("needs PostgreSQL: the two servers share one database")
    scratch_site.restore(demo_archive[0], "--replace")
    env = production_env(
        scratch_site.database_url,
        scratch_site.media_root,
        production_static,
        REDIS_URL=REDIS_URL,
        STAFF_2FA_REQUIRED="false",
    )
    run_manage(
        {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        "createsuperuser",
        "--noinput",
        "--username",
        "editor",
        "--email",
        "editor@example.org",
    )
    found = (
        run_manage(
            env,
            "shell",
            "-c",
            "from campaign.models import EventPage; e = EventPage.objects.live().order_by('path').first(); "
            "print(e.pk, e.url, e.get_parent().url, e.title, sep='|')",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    event_id, event_url, day_url, title = found.split("|")

    with GunicornServer(env, workers=1) as a, GunicornServer(env, workers=1) as b:
        reader = Browser(b.base_url)
        for path in (event_url, day_url, event_url, day_url):
            status, headers, html = reader.request(path)
            assert status == 200
            assert title in html
        assert headers.get("X-Page-Cache") == "hit", "B serves the day from the shared cache"

        editor = Browser(a.base_url)
        editor.sign_in("editor", PASSWORD)
        token = editor.csrf_token(f"/admin/pages/{event_id}/unpublish/")
        status, _, _ = editor.request(f"/admin/pages/{event_id}/unpublish/", {"csrfmiddlewaretoken": token})
        assert status == 200  # followed to the page explorer

        status, _, _ = reader.request(event_url)
        assert status == 404
        status, headers, html = reader.request(day_url)
        assert status == 200
        assert title not in html
