"""When a service the site depends on fails: the database (a branded 503, and the site
recovers by itself when it is back), the cache (pages and forms carry on, uncached) and
the mail server (the failure is logged, the person still gets their confirmation)."""

import glob
import logging
import os
import shutil
import subprocess
import tempfile
import urllib.error
import uuid
from pathlib import Path

import pytest
import redis

from django.core import mail
from django.db import OperationalError, connection
from django.test import Client

from ops.server import GunicornServer, fetch, free_port, production_env
from site_config.settings.base import redis_cache
from tests.production import ScratchSite, on_postgresql

# --- Database -------------------------------------------------------------------------


def simulate_lost_database(monkeypatch):
    """Every new query fails as psycopg's does when the server has gone away."""

    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "create_cursor", refused)


def test_a_lost_database_gives_a_branded_503_and_the_site_recovers_by_itself(demo, monkeypatch):
    client = Client(raise_request_exception=False)
    assert client.get("/2017/").status_code == 200
    simulate_lost_database(monkeypatch)
    # A page this process has put together since the last edit needs nothing more from
    # the database (core/in_process.py): readers still get it.
    assert client.get("/2017/").status_code == 200
    for path in ("/", "/2018/", "/search/?q=power", "/admin/login/"):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 503, path
        assert "The site is briefly unavailable" in html
        assert "Traceback" not in html
        assert "5432" not in html
        assert response["Retry-After"] == "60"
    monkeypatch.undo()
    assert client.get("/2017/").status_code == 200, "no restart needed"


POSTGRES_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class OwnPostgres:
    """A PostgreSQL server of this test's own (initdb into a temporary folder, a spare
    port), so stopping it never disturbs the shared server other test runs use."""

    def __init__(self):
        self.bin = Path(POSTGRES_BIN[-1])
        # Not under pytest's tmp_path: its parents are private to root, and as root (CI)
        # the server runs as the postgres user, since PostgreSQL refuses to run as root.
        self.folder = Path(tempfile.mkdtemp(prefix="coproweek-test-pg-"))
        self.folder.chmod(0o755)
        self.data = self.folder / "pgdata"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.data.mkdir()
        if self.as_user:
            shutil.chown(self.data, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")

    def run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.data / "log"), "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/coproweek"


def fetch_status(server: GunicornServer, path: str) -> tuple[int, str, dict]:
    try:
        return 200, fetch(server.base_url, path).decode(), {}
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


# Collected only in the PostgreSQL run of the suite (DATABASE_URL=postgres://…): on
# SQLite there is no database server to lose, and the simulated test above covers it.
if os.environ.get("DATABASE_URL", "").startswith("postgres"):

    @pytest.mark.slow
    def test_the_running_site_survives_its_postgresql_server_restarting(db, demo_archive, production_static, tmp_path):
        """Stops and starts a real PostgreSQL under a running gunicorn: cached pages
        still served and 503 for the rest while it is down, pages again as soon as it is
        back, from the same worker (no restart)."""
        assert on_postgresql()
        assert POSTGRES_BIN, "PostgreSQL's server programs (initdb, pg_ctl) are needed"
        postgres = OwnPostgres()
        postgres.start()
        try:
            subprocess.run(
                [
                    "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(postgres.port),
                    "-U",
                    "postgres",
                    "-c",
                    "CREATE DATABASE coproweek",
                ],
                check=True,
                capture_output=True,
            )
            site = ScratchSite(tmp_path, database_url=postgres.url)
            site.restore(demo_archive[0], "--replace")
            env = production_env(postgres.url, site.media_root, production_static)
            with GunicornServer(env, workers=1) as server:
                worker = server.worker_pids()
                assert fetch_status(server, "/2017/")[0] == 200
                postgres.stop()
                # A page already in the full-page cache is still served from it...
                assert fetch_status(server, "/2017/")[0] == 200
                # ...and one that is not gets the branded 503.
                for _ in range(2):
                    status, html, headers = fetch_status(server, "/2017/blog/")
                    assert status == 503
                    assert "The site is briefly unavailable" in html
                    assert "Traceback" not in html
                    assert headers["Retry-After"] == "60"
                postgres.start()
                assert fetch_status(server, "/2017/")[0] == 200
                assert fetch_status(server, "/search/?q=power")[0] == 200
                assert server.worker_pids() == worker, "the same worker recovered: nothing restarted"
        finally:
            postgres.remove()


# --- Cache ----------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    port = free_port()  # nothing listens there
    settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{port}/0", "coproweek-test")}


def test_with_redis_down_pages_are_served_and_the_failure_logged(client, demo, redis_down, caplog):
    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        for path in ("/", "/2017/", "/2017/blog/", "/search/?q=power", "/feeds/rss/"):
            assert client.get(path).status_code == 200, path
    assert any(record.name == "django_redis.cache" for record in caplog.records), "the failures are logged"


def test_with_redis_down_signing_in_still_works(client, admin_user, redis_down):
    response = client.post("/admin/login/", {"username": "root", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.fixture
def real_redis(settings):
    """The machine's Redis, under a key prefix of this test's own, emptied afterwards."""
    prefix = f"coproweek-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6379/0", prefix)}
    server = redis.Redis(host="127.0.0.1", port=6379)
    yield server, prefix
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def test_with_redis_up_pages_are_cached_there(client, demo, real_redis):
    server, prefix = real_redis
    assert client.get("/2017/").status_code == 200
    assert client.get("/2017/").status_code == 200
    assert list(server.scan_iter(f"{prefix}:*")), "the site really uses the shared cache"


# --- Email ----------------------------------------------------------------------------


def test_an_unreachable_mail_server_is_logged_and_the_person_still_sees_the_confirmation(
    client, admin_user, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    with caplog.at_level(logging.ERROR):
        response = client.post("/admin/password_reset/", {"email": admin_user.email}, follow=True)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert any("Failed to send password reset email" in record.getMessage() for record in caplog.records)
    assert len(mail.outbox) == 0


def test_every_environment_sets_a_mail_timeout(settings):
    assert settings.EMAIL_TIMEOUT == 10
