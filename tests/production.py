"""Fixtures for tests that run the site as it is deployed: production settings in
another process (manage.py commands, gunicorn), on a copy of the test run's demo.

The copy is made with the site's own backup and restore (ops.backups), so every test
that uses it also exercises them. Databases made here are named after the test
database (test_<name>_…), so parallel runs on one PostgreSQL server never collide.
"""

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from django.db import connection

from ops.backups import create_backup
from ops.server import collect_static, inherited_env, production_env

PROJECT = Path(__file__).resolve().parent.parent
# A few uploads the demo lacks, so backups and restores have media to carry.
DEMO_MEDIA = {
    "original_images/kilt-walk.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "documents/programme-2017.pdf": b"%PDF-1.4\n% CoProWeek programme\n",
    "documents/nested/notes.txt": "Co-production Week Scotland — notes\n".encode(),
}
# A photo sent in with a story, awaiting review: private media, which backups carry too.
DEMO_PRIVATE_MEDIA = {"story_photos/2026/12/a1b2c3.jpg": b"\xff\xd8\xff\xe0 a story photo"}


def write_files(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def pg_admin():
    """An autocommit connection to the test server (CREATE/DROP DATABASE cannot run in
    the transaction each test is wrapped in)."""
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def pg_url(name: str, port: int | None = None, host: str | None = None) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{host or s['HOST'] or 'localhost'}:{port or s['PORT'] or 5432}/{name}"


def run_manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300
    )
    if check:
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result


def run_python(env: dict, code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def clean_environ(**extra: str) -> dict:
    """This process's environment without the test run's Django settings."""
    env = inherited_env()
    env.pop("DATABASE_URL", None)
    return {**env, **extra}


@pytest.fixture(scope="session")
def production_static(tmp_path_factory):
    """Static files collected as production serves them (fingerprinted, compressed)."""
    static_root = tmp_path_factory.mktemp("production-static")
    collect_static(production_env("sqlite:///unused.sqlite3", static_root.parent / "unused-media", static_root))
    return static_root


@pytest.fixture(scope="session")
def demo_archive(django_db_setup, django_db_blocker, tmp_path_factory):
    """A backup (ops.backups) of the test run's demo site plus a few media files and a
    private one."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("demo-media")
    private_media = tmp_path_factory.mktemp("demo-private-media")
    write_files(media, DEMO_MEDIA)
    write_files(private_media, DEMO_PRIVATE_MEDIA)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private_media):
        archive, manifest = create_backup(tmp_path_factory.mktemp("backups"))
    return archive, manifest


class ScratchSite:
    """A copy of the demo in its own database and media folder, restored from the
    demo archive by `manage.py restore` in another process."""

    def __init__(self, base: Path, suffix: str = "", database_url: str = ""):
        self.base = base
        self.media_root = base / "media"
        self.private_media_root = base / "private-media"
        self.pg_name = None
        if database_url:
            self.database_url = database_url
        elif on_postgresql():
            self.pg_name = f"{connection.settings_dict['NAME']}_{suffix}"
            with pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            self.database_url = pg_url(self.pg_name)
        else:
            self.database_url = f"sqlite:///{base / 'site.sqlite3'}"

    def env(self, settings_module: str = "site_config.settings.test", **extra: str) -> dict:
        return clean_environ(
            DJANGO_SETTINGS_MODULE=settings_module,
            DATABASE_URL=self.database_url,
            MEDIA_ROOT=str(self.media_root),
            PRIVATE_MEDIA_ROOT=str(self.private_media_root),
            **extra,
        )

    def restore(self, archive: Path, *flags: str, check: bool = True) -> subprocess.CompletedProcess:
        return run_manage(self.env(), "restore", str(archive), *flags, check=check)

    def drop(self):
        if self.pg_name:
            with pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


@pytest.fixture
def scratch_site(db, tmp_path, request):
    """(With `db`: pytest-django builds the test database, and so the demo, only for
    runs that include a test asking for it.)"""
    site = ScratchSite(tmp_path, request.node.name.split("[")[0][-30:].lower())
    yield site
    site.drop()
