"""Without Redis, every process on the machine shares the content generation through a
file (core/generation_file.py): a change made by one process — another gunicorn worker,
the scheduler, a restore — reaches the pages every other process has cached, on its
next request."""

import logging
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from django.db import connections
from django.test import Client

from campaign.models import EventPage
from core import generation_file
from core.page_cache import HIT_HEADER, current_generation
from ops.backups import clear_cache
from ops.server import GunicornServer, fetch, production_env
from tests.production import PROJECT, run_manage


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def bump_in_other_processes(file, processes: int, times: int) -> None:
    code = (
        "import sys; from pathlib import Path; from core.generation_file import bump\n"
        f"for _ in range({times}): assert bump(Path(sys.argv[1])) is not None"
    )
    running = [
        subprocess.Popen([sys.executable, "-c", code, str(file)], cwd=PROJECT, stderr=subprocess.PIPE)
        for _ in range(processes)
    ]
    for process in running:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors.decode()


def test_by_default_each_site_on_the_machine_has_its_own_file_and_redis_needs_none(settings, monkeypatch):
    settings.PAGE_CACHE_GENERATION_FILE = None
    default = generation_file.path()
    assert default.parent == Path(tempfile.gettempdir())
    monkeypatch.setitem(connections["default"].settings_dict, "NAME", "another-site")
    generation_file.path.cache_clear()
    assert generation_file.path() not in (default, None)
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}}
    assert generation_file.path() is None


def test_processes_changing_content_at_once_each_count(tmp_path):
    file = tmp_path / "generation"
    first = generation_file.bump(file, only_if_missing=True)
    assert generation_file.bump(file, only_if_missing=True) == first
    bump_in_other_processes(file, processes=4, times=25)
    assert generation_file.read(file) == first + 100


def test_a_deleted_file_starts_a_number_no_page_was_cached_under(tmp_path):
    file = tmp_path / "generation"
    used = {generation_file.bump(file) for _ in range(3)}
    assert generation_file.read(file) in used  # this process now holds the file open
    file.unlink()
    assert generation_file.read(file) is None
    assert generation_file.bump(file, only_if_missing=True) not in used


def test_a_change_made_in_another_process_reaches_this_process_cached_pages(demo, page_cache_on, settings):
    client = Client()
    client.get("/2017/")
    assert client.get("/2017/")[HIT_HEADER] == "hit"

    bump_in_other_processes(settings.PAGE_CACHE_GENERATION_FILE, processes=1, times=1)

    assert client.get("/2017/")[HIT_HEADER] == "miss"
    assert client.get("/2017/")[HIT_HEADER] == "hit"


def test_a_restore_tells_running_processes_their_pages_are_out_of_date(demo, settings):
    before = current_generation()
    clear_cache()
    assert generation_file.read(settings.PAGE_CACHE_GENERATION_FILE) != before


def test_a_generation_file_that_cannot_be_written_never_fails_an_edit(demo, page_cache_on, settings, caplog):
    settings.PAGE_CACHE_GENERATION_FILE = settings.MEDIA_ROOT / "no-such-folder" / "generation"
    event = EventPage.objects.live().filter(date__year=2017).first()
    client = Client()
    assert client.get(event.url)[HIT_HEADER] == "miss"

    with caplog.at_level(logging.ERROR, logger="core.generation_file"):
        event.title = "A title saved while the generation file is out of reach"
        event.save_revision().publish()

    assert "Cannot record a content change" in caplog.text
    # Not knowing when content changes, the site caches nothing rather than risk old pages.
    response = client.get(event.url)
    assert response[HIT_HEADER] == "miss"
    assert "out of reach" in response.content.decode()
    assert client.get(event.url)[HIT_HEADER] == "miss"


def test_a_generation_file_out_of_reach_is_logged_once_a_minute_not_on_every_request(
    demo, page_cache_on, settings, caplog, monkeypatch
):
    settings.PAGE_CACHE_GENERATION_FILE = settings.MEDIA_ROOT / "no-such-folder" / "generation"
    client = Client()

    def errors_logged_by(requests: int) -> list[str]:
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="core.generation_file"):
            for _ in range(requests):
                assert client.get("/2017/").status_code == 200
        return [record.getMessage() for record in caplog.records if record.name == "core.generation_file"]

    errors = errors_logged_by(5)
    assert len(errors) == 1, errors
    assert "Cannot start the content generation" in errors[0]
    assert "pages are not cached" in errors[0]

    # A minute on, the next is logged, saying how many were left out meanwhile.
    monkeypatch.setattr(generation_file, "REQUEST_ERROR_EVERY_SECONDS", 0)
    first_then = errors_logged_by(1)[0]
    assert "more like it since the last one logged" in first_then
    assert int(first_then.split("(")[-1].split()[0]) >= 4


@pytest.mark.slow
def test_two_workers_without_redis_serve_a_change_made_by_another_process(
    demo_archive, scratch_site, production_static
):
    """gunicorn with two workers and no Redis, as the Docker image runs by default; the
    event is unpublished by a separate process, as `publish_scheduled` from cron or an
    editor on the other worker would. Neither worker serves its cached day with it."""
    scratch_site.restore(demo_archive[0], "--replace")
    env = production_env(scratch_site.database_url, scratch_site.media_root, production_static)
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    shell = "from campaign.models import EventPage; e = EventPage.objects.live().order_by('path').first(); "
    found = run_manage(env, "shell", "-c", shell + "print(e.url, e.get_parent().url, e.title, sep='|')")
    _, day_url, title = found.stdout.strip().splitlines()[-1].split("|")
    with GunicornServer(env, workers=2) as server:
        # Enough requests that both workers have the day cached.
        pages = [fetch(server.base_url, day_url).decode() for _ in range(12)]
        assert all(title in page for page in pages)

        run_manage(env, "shell", "-c", shell + "e.unpublish()")

        pages = [fetch(server.base_url, day_url).decode() for _ in range(12)]
        assert not [page for page in pages if title in page]
    assert Path(env["PAGE_CACHE_GENERATION_FILE"]).exists()
