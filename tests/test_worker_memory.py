"""The bench's memory figures (ops/worker_memory.py): every page of the sitemap is
visited once (ops/sitemap.py reads it through its index of sections), failures are
counted as errors of the run, and the workers' memory is read from the operating
system. The figures themselves are for people to read (`make bench`), never asserted."""

import os
import urllib.error

import pytest

from ops import sitemap, worker_memory
from ops.bench import BenchReport, Measurement, Row
from ops.server import rss_kib
from ops.sitemap import discover_pages
from ops.worker_memory import WorkerMemory, visit_each

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://coproweek.example/sitemap-pages.xml</loc></sitemap>
<sitemap><loc>https://coproweek.example/sitemap-pages.xml?p=2</loc></sitemap>
</sitemapindex>"""


def urlset(*urls: str) -> bytes:
    locs = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode()


SITEMAPS = {
    "/sitemap.xml": INDEX,
    "/sitemap-pages.xml": urlset("https://coproweek.example/", "https://coproweek.example/2017/"),
    "/sitemap-pages.xml?p=2": urlset("https://coproweek.example/2017/blog/", "https://coproweek.example/2017/"),
}


def test_every_page_in_every_section_is_listed_once_as_a_path_on_the_server_measured(monkeypatch):
    asked = []

    def fake_fetch(base_url, path, **kwargs):
        asked.append((base_url, path))
        return SITEMAPS[path]

    monkeypatch.setattr(sitemap, "fetch", fake_fetch)
    paths = discover_pages("http://127.0.0.1:8123")
    # The sitemap names the site's public host; the visits go to the server at hand.
    assert paths == ["/", "/2017/", "/2017/blog/"]
    assert {base for base, _ in asked} == {"http://127.0.0.1:8123"}
    assert [path for _, path in asked] == ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-pages.xml?p=2"]


def test_each_address_is_visited_once_and_failures_are_counted(monkeypatch):
    visited = []

    def fake_fetch(base_url, path, **kwargs):
        visited.append(path)
        if path == "/gone/":
            raise urllib.error.HTTPError(base_url + path, 404, "Not Found", {}, None)
        if path == "/slow/":
            raise TimeoutError("timed out")
        return b"ok"

    monkeypatch.setattr(worker_memory, "fetch", fake_fetch)
    paths = [f"/page-{n}/" for n in range(10)] + ["/gone/", "/slow/"]
    assert visit_each("http://127.0.0.1:8123", paths) == 2
    assert sorted(visited) == sorted(paths)


def test_failed_visits_are_errors_of_the_run_and_the_figures_are_in_the_table():
    ok = Measurement(requests_per_second=100, requests=100)
    report = BenchReport(
        rows=[Row(name="home", path="/", cached=ok, uncached=ok)],
        static=Row(name="static", path="/static/site.css", cached=ok),
        machine="test",
        database="SQLite",
        seconds=1,
        rounds=1,
        connections=1,
        threads=1,
        date="today",
        memory=WorkerMemory(
            started=[140.2, 151.0],
            after_timed_runs=[150.0, 156.4],
            after_every_page=[240.0, 242.6],
            addresses=4200,
            errors=3,
        ),
    )
    assert report.errors == 3
    table = report.table()
    assert (
        "Worker memory (RSS, MiB), cached server: 140, 151 started; 150, 156 after the timed runs; "
        "240, 243 after each of the sitemap's 4,200 addresses once." in table
    )
    assert "Errors (non-2xx/3xx responses or socket errors): 3" in table


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads Linux's /proc")
def test_resident_memory_is_read_for_a_live_process_and_none_once_it_has_gone():
    assert rss_kib(os.getpid()) > 10_000  # this Python with Django loaded: well over 10 MiB
    assert rss_kib(2**22 + 1) is None  # above Linux's largest process id
