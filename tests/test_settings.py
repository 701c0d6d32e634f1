"""Configuration comes from the environment, and production refuses unsafe starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.core.exceptions import ImproperlyConfigured

from site_config.settings.env import env_bool, env_int, env_list

PROJECT = Path(__file__).resolve().parent.parent


def run_django(settings_module: str, env: dict, code: str = "import django; django.setup(); print('ok')"):
    """`code` in a Python of its own with these settings. Reading a setting imports only
    the settings module; `django.setup()`, loading every app as the site does on start,
    takes ten times as long, so only the tests of starting up do it."""
    clean_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": settings_module, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_django("site_config.settings.production", {})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_never_turns_debug_on():
    result = run_django(
        "site_config.settings.production",
        {"SECRET_KEY": "x" * 50, "DEBUG": "true"},
        "from django.conf import settings; print(settings.DEBUG)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_database_and_cache_come_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME'], "
        "settings.CACHES['default']['BACKEND'])"
    )
    result = run_django(
        "site_config.settings.production",
        {
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://u:p@db.example:5432/coproweek",
            "REDIS_URL": "redis://cache.example:6379/0",
        },
        code,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "coproweek", "django_redis.cache.RedisCache"]


POSTGRES_OPTIONS = (
    "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}).get('options'))"
)


@pytest.mark.parametrize(
    ("url_query", "workers", "options"),
    [
        ("", None, "-c max_parallel_workers_per_gather=0"),
        ("", "2", "-c max_parallel_workers_per_gather=2"),
        # Empty: PostgreSQL's own setting, nothing sent.
        ("", "", "None"),
        # Options given in DATABASE_URL are kept, the parallel workers after them.
        (
            "?options=-c%20statement_timeout%3D5000",
            None,
            "-c statement_timeout=5000 -c max_parallel_workers_per_gather=0",
        ),
    ],
)
def test_postgresql_runs_each_query_in_one_process_unless_told(url_query, workers, options):
    env = {"SECRET_KEY": "x" * 50, "DATABASE_URL": f"postgres://u:p@db.example:5432/coproweek{url_query}"}
    if workers is not None:
        env["DATABASE_PARALLEL_WORKERS"] = workers
    result = run_django("site_config.settings.production", env, POSTGRES_OPTIONS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == options


@pytest.mark.parametrize("workers", ["-1", "many"])
def test_a_wrong_number_of_parallel_workers_is_refused_with_its_name(workers):
    env = {
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": "postgres://u:p@db.example:5432/coproweek",
        "DATABASE_PARALLEL_WORKERS": workers,
    }
    result = run_django("site_config.settings.production", env, POSTGRES_OPTIONS)
    assert result.returncode != 0
    assert "DATABASE_PARALLEL_WORKERS" in result.stderr


def test_sqlite_is_the_default_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    result = run_django("site_config.settings.dev", {}, code)
    assert result.stdout.strip() == str(PROJECT / "db.sqlite3")


def test_env_readers(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    monkeypatch.setenv("COUNT", "7")
    assert env_bool("FLAG") is True
    assert env_list("HOSTS") == ["a.example", "b.example"]
    assert env_int("COUNT", 1) == 7
    assert env_int("MISSING", 3) == 3


@pytest.mark.parametrize(("name", "value", "reader"), [("FLAG", "ture", env_bool), ("COUNT", "seven", env_int)])
def test_env_readers_refuse_typos(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader(name, 1) if reader is env_int else reader(name)
