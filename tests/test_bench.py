"""`make bench`, short (BENCH_SHORT=1, make bench-smoke): it runs end to end on a copy of
the demo under gunicorn with production settings, measures every page cached and
uncached next to the static file, prints the table, writes the JSON, and no response
was an error. Speeds are not asserted here; the full run is for people to read."""

import json
import os
import shutil
import threading
import time
from io import StringIO
from types import SimpleNamespace

import pytest

from django.conf import settings
from django.core.management import call_command

import wagtail

from ops import bare_wagtail, bench
from ops.bench import Measurement, Row, parse_wrk

pytestmark = pytest.mark.skipif(
    shutil.which("wrk") is None and not os.environ.get("CI"),
    reason="wrk is not installed (apt-get install wrk); CI installs it",
)

# The new Wagtail site the bench measures beside ours is kept between test runs (CI runs
# the suite twice, on SQLite and on PostgreSQL): making it is Wagtail's migrations, a
# quarter of the short bench's time. A newer Wagtail makes it again (ops/bare_wagtail.py).
KEPT_BARE_WAGTAIL = settings.BASE_DIR / ".test-cache" / "bare-wagtail"

PAGES = [
    *("home", "year 2017", "a day", "an event", "calendar, filtered", "blog index, page 1", "a post"),
    *("search", "search, co-production"),
]


@pytest.mark.slow
def test_a_short_bench_runs_and_no_response_is_an_error(demo_archive, scratch_site, production_static, tmp_path):
    scratch_site.restore(demo_archive[0], "--replace")
    out = StringIO()
    call_command(
        "bench",
        short=True,
        database_url=scratch_site.database_url,
        media_root=str(scratch_site.media_root),
        static_root=str(production_static),
        out=str(tmp_path),
        bare_wagtail=str(KEPT_BARE_WAGTAIL),
        stdout=out,
    )
    table = out.getvalue()
    for name in [*PAGES, "calendar feed (.ics)", "RSS feed", "static CSS (whitenoise)"]:
        assert f"\n{name}" in table, name
    assert "Errors (non-2xx/3xx responses or socket errors): 0" in table
    assert "with every line at once (a short run" in table, "says its rates compare nothing"
    # Beside the pages, uncached: a new Wagtail site, for how far ours are from the floor.
    assert "\nnew Wagtail site's home" in table
    assert "a new Wagtail site's home page: " in table
    report = json.loads((tmp_path / "bench-short.json").read_text())
    assert report["errors"] == 0
    assert report["static"]["cached"]["requests_per_second"] > 0
    for row in report["rows"]:
        assert row["cached"]["requests"] > 0, row["name"]
        assert row["uncached"]["requests"] > 0, row["name"]
        assert row["queries"] > 0, row["name"]
        assert row["size_bytes"] > 0, row["name"]
        # wrk asks as browsers do, accepting gzip, and is sent the smaller page.
        assert 0 < row["sent_bytes"] < row["size_bytes"], row["name"]
    assert 0 < report["static"]["sent_bytes"] < report["static"]["size_bytes"]
    assert report["floor"]["uncached"]["requests"] > 0
    assert report["floor"]["uncached"]["errors"] == 0
    assert report["floor"]["size_bytes"] > 0
    # The workers' memory, when started, after the timed runs, and after every page of
    # the sitemap was visited once (none of those visits failed: errors above is 0).
    memory = report["memory"]
    assert memory["addresses"] > 30, "the demo's pages (41), listed by its sitemap"
    for moment in ("started", "after_timed_runs", "after_every_page"):
        assert len(memory[moment]) == 2, f"both workers, {moment}"
        assert min(memory[moment]) > 10, f"a Django process's size in MiB, {moment}"
    assert "Worker memory (RSS, MiB), cached server: " in table
    assert bare_wagtail.is_built(KEPT_BARE_WAGTAIL)
    assert not (tmp_path / "bare-wagtail").exists(), "made where it was asked to be kept, not in the output"


WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8000/
  1 threads and 4 connections
  Latency Distribution
     50%  812.00us
     75%    1.10ms
     90%    2.00ms
     99%   12.50ms
  2310 requests in 1.00s, 15.1MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:   2305.21
Transfer/sec:     15.04MB
"""


def test_wrk_output_is_read_with_errors_counted():
    result = parse_wrk(WRK_OUTPUT)
    assert result.requests_per_second == pytest.approx(2305.21)
    assert result.p50_ms == pytest.approx(0.812)
    assert result.p99_ms == pytest.approx(12.5)
    assert result.requests == 2310
    assert result.errors == 7


def test_each_line_is_the_median_of_interleaved_rounds(monkeypatch):
    """The machine's speed drifts: every line, the static file's included, is measured
    once per round, and the slow round of a line does not decide its rate."""
    order = []
    rates = {"/a": iter([900.0, 1000.0, 300.0]), "/static.css": iter([1100.0, 200.0, 1200.0])}

    def fake_wrk(url, seconds, connections, threads):
        path = url.removeprefix("http://server")
        order.append((path, seconds))
        return Measurement(requests_per_second=next(rates[path]), p50_ms=1.0, p99_ms=2.0, requests=10, errors=0)

    monkeypatch.setattr(bench, "run_wrk", fake_wrk)
    monkeypatch.setattr(bench, "fetch", lambda base_url, path, timeout: b"")
    page, static = Row(name="a", path="/a"), Row(name="static", path="/static.css")
    server = SimpleNamespace(base_url="http://server")

    bench.measure_server(server, [page, static], 10, 16, 2, "cached", rounds=3)

    assert order == [("/a", 3), ("/static.css", 3)] * 3
    assert page.cached.requests_per_second == 900
    assert static.cached.requests_per_second == 1100
    assert page.cached.requests == 30


def test_the_short_run_asks_every_line_at_once(monkeypatch):
    """It only shows that every line answers: its lines share the second they run in,
    and each line's wrk is still told one second."""
    lines = [Row(name=name, path=f"/{name}") for name in "abc"]
    everyone_running = threading.Barrier(len(lines), timeout=5)  # broken if asked one after another
    asked = []

    def fake_wrk(url, seconds, connections, threads):
        everyone_running.wait()
        asked.append((url, seconds))
        return Measurement(requests_per_second=50.0, requests=50)

    monkeypatch.setattr(bench, "run_wrk", fake_wrk)
    monkeypatch.setattr(bench, "fetch", lambda base_url, path, timeout: b"")

    bench.measure_server(SimpleNamespace(base_url="http://server"), lines, 1, 1, 1, "cached", together=True)

    assert sorted(asked) == [("http://server/a", 1), ("http://server/b", 1), ("http://server/c", 1)]
    assert [line.cached.requests for line in lines] == [50, 50, 50]


def test_a_row_on_a_server_of_its_own_is_measured_there_in_the_same_rounds(monkeypatch):
    """The new Wagtail site runs beside ours: its row is asked at its own address,
    interleaved with the pages it is compared with."""
    order = []

    def fake_wrk(url, seconds, connections, threads):
        order.append(url)
        return Measurement(requests_per_second=100.0, requests=10)

    monkeypatch.setattr(bench, "run_wrk", fake_wrk)
    monkeypatch.setattr(bench, "fetch", lambda base_url, path, timeout: b"")
    page, floor = Row(name="a", path="/a"), Row(name="floor", path="/", base_url="http://bare")

    bench.measure_server(SimpleNamespace(base_url="http://server"), [page, floor], 4, 16, 2, "uncached", rounds=2)

    assert order == ["http://server/a", "http://bare/"] * 2
    assert floor.uncached.requests == 20


def test_the_new_wagtail_site_is_made_again_when_half_made_or_made_by_another_wagtail(tmp_path):
    assert not bare_wagtail.is_built(tmp_path), "an interrupted build wrote no mark"
    (tmp_path / bare_wagtail.BUILT).write_text("7.0")
    assert not bare_wagtail.is_built(tmp_path), "made by an older Wagtail"
    (tmp_path / bare_wagtail.BUILT).write_text(wagtail.__version__)
    assert bare_wagtail.is_built(tmp_path)


def test_two_runs_at_once_make_the_new_wagtail_site_once(tmp_path, monkeypatch):
    """Two test runs at once on one machine share the kept site: the second waits while
    the first makes it, and uses it."""
    made = []

    def start(*args):
        made.append(args)
        (tmp_path / "site" / bare_wagtail.PACKAGE / "settings").mkdir(parents=True)

    def slow_manage(env, *args, cwd):
        # Long enough for the other run to arrive while this one is still making it.
        time.sleep(0.2)

    monkeypatch.setattr(bare_wagtail, "manage_wagtail", start)
    monkeypatch.setattr(bare_wagtail, "manage", slow_manage)
    runs = [threading.Thread(target=bare_wagtail.build, args=(tmp_path / "site",)) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()

    assert len(made) == 1
    assert bare_wagtail.is_built(tmp_path / "site")
