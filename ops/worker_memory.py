"""How much memory each app server process needs, for `make bench`: the resident memory
(RSS) of the cached server's gunicorn workers when started, after the timed runs, and
after every address in the sitemap has been asked for once.

Why the last: each process keeps answers in its own memory (without Redis the pages
themselves, with it their last copies; listing cards, fragments, rendition lookups), up
to a fixed number of entries. The timed runs ask for twelve pages; a day of real
visitors asks for thousands. Visiting every page once fills those caches about as
far as the site can, so the figure is what a host must allow per worker.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ops.server import fetch, rss_kib
from ops.sitemap import discover_pages

# As many requests at once as the server has workers and a little more, so it is busy.
VISITORS = 4


@dataclass
class WorkerMemory:
    """Each worker's RSS in MiB at each moment, in the same order of workers."""

    started: list[float] = field(default_factory=list)
    after_timed_runs: list[float] = field(default_factory=list)
    after_every_page: list[float] = field(default_factory=list)
    addresses: int = 0  # how many the sitemap listed (each visited once)
    errors: int = 0  # of those visits

    def summary(self) -> str:
        def mib(values: list[float]) -> str:
            return ", ".join(f"{value:.0f}" for value in values) or "-"

        return (
            f"Worker memory (RSS, MiB), cached server: {mib(self.started)} started; "
            f"{mib(self.after_timed_runs)} after the timed runs; {mib(self.after_every_page)} after "
            f"each of the sitemap's {self.addresses:,} addresses once."
        )


def workers_mib(server) -> list[float]:
    """The RSS of each of `server`'s workers, in MiB (a worker gone in between is left out)."""
    sizes = (rss_kib(pid) for pid in server.worker_pids())
    return [size / 1024 for size in sizes if size is not None]


def visit_each(base_url: str, paths: list[str]) -> int:
    """Asks for each of `paths` once, a few at a time; returns how many failed."""

    def visit(path: str) -> bool:
        try:
            fetch(base_url, path, timeout=120, headers={"Accept-Encoding": "gzip"})
        except OSError:  # urllib's errors too, an error status among them
            return False
        return True

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        return sum(not ok for ok in pool.map(visit, paths))


def fill_and_measure(server, memory: WorkerMemory) -> None:
    """Visit every page in the sitemap once, then take the workers' memory."""
    paths = discover_pages(server.base_url)
    memory.addresses = len(paths)
    memory.errors = visit_each(server.base_url, paths)
    memory.after_every_page = workers_mib(server)
