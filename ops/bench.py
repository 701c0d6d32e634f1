"""The benchmark behind `make bench`: requests per second and latency of the public
pages under gunicorn with production settings, measured with wrk, each cached (the
full-page cache warm) and uncached (a second server with PAGE_CACHE_ENABLED=false),
next to a static CSS file served by whitenoise from the same server — the ceiling of
this stack. Each page's row gives its ratio to the static file, its SQL query count
(rendered with nothing cached) and its response size.

Speed targets are checked here, by people reading the table, never by timed test
assertions: cached pages at least 0.8 × the static rate, uncached at least 0.1 ×,
and page 20 of the blog within 1.2 × the time of page 1. Beside the pages, the uncached
column holds a new Wagtail site's home page (ops/bare_wagtail.py): the cheapest page this
stack serves on the machine at hand, so the table shows how far ours are from it.

Each line is measured in rounds, every page and the static file once per round, and
reported as the median of its rounds. A virtual machine's speed drifts by a third from
one minute to the next (its neighbours' load): measured once each, a page and the file
it is compared with could be seconds of drift apart, and one slow stretch decided a
ratio. Interleaved, each line sees the machine's good and bad stretches alike.
"""

import json
import re
import shutil
import statistics
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from ops.server import fetch
from ops.worker_memory import WorkerMemory

# Every request as browsers and calendar apps send it: through the site's proxy, and
# accepting gzip (which pages and the static file are then sent as).
HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Accept-Encoding": "gzip"}
CACHED_TARGET = 0.8
UNCACHED_TARGET = 0.1
DEEP_PAGE_TARGET = 1.2
WRK_MISSING = (
    "wrk is not installed. On Debian or Ubuntu: sudo apt-get install wrk "
    "(CI installs it the same way); on macOS: brew install wrk."
)


@dataclass
class Measurement:
    requests_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0


@dataclass
class Row:
    name: str
    path: str
    queries: int | None = None
    size_bytes: int = 0
    sent_bytes: int = 0  # as sent to a client accepting gzip
    cached: Measurement = field(default_factory=Measurement)
    uncached: Measurement = field(default_factory=Measurement)
    cached_ratio: float = 0.0
    uncached_ratio: float = 0.0
    base_url: str = ""  # a server of its own (the new Wagtail site); else the one measured


@dataclass
class BenchReport:
    rows: list[Row]
    static: Row
    machine: str
    database: str
    seconds: float
    rounds: int
    connections: int
    threads: int
    date: str
    together: bool = False  # every line at once (the short run): the rates compare nothing
    floor: Row | None = None  # a new Wagtail site's home page, uncached
    memory: WorkerMemory | None = None  # of the cached server's workers
    targets: dict = field(default_factory=dict)

    @property
    def errors(self) -> int:
        floor = self.floor.uncached.errors if self.floor else 0
        visits = self.memory.errors if self.memory else 0
        pages = sum(row.cached.errors + row.uncached.errors for row in self.rows)
        return floor + visits + self.static.cached.errors + pages

    def as_json(self) -> str:
        return json.dumps(asdict(self) | {"errors": self.errors}, indent=2)

    def table(self) -> str:
        static_rps = self.static.cached.requests_per_second
        lines = [
            f"Benchmark {self.date} on {self.machine}; {self.database}; gunicorn 2 sync workers, production settings;",
            f"wrk -t{self.threads} -c{self.connections} -d{round_seconds(self.seconds, self.rounds)}s "
            + (
                "with every line at once (a short run: it shows everything answers; its rates compare nothing). "
                if self.together
                else f"x {self.rounds} interleaved rounds per line, the median shown. "
            )
            + f"Static file: {static_rps:,.0f} req/s (ratios are to it).",
            "",
            f"{'page':<26} {'SQL':>4} {'bytes':>8} {'sent':>7}"
            f" | {'cached req/s':>12} {'ratio':>6} {'p50':>7} {'p99':>7}"
            f" | {'uncached req/s':>14} {'ratio':>6} {'p50':>7} {'p99':>7}",
        ]
        for row in self.rows:
            c, u = row.cached, row.uncached
            lines.append(
                f"{row.name:<26} {row.queries if row.queries is not None else '-':>4} "
                f"{row.size_bytes:>8,} {row.sent_bytes:>7,} | "
                f"{c.requests_per_second:>12,.0f} {row.cached_ratio:>6.2f} {c.p50_ms:>6.1f}ms {c.p99_ms:>6.1f}ms | "
                f"{u.requests_per_second:>14,.1f} {row.uncached_ratio:>6.2f} {u.p50_ms:>6.1f}ms {u.p99_ms:>6.1f}ms"
            )
        s = self.static
        lines.append(
            f"{s.name:<26} {'0':>4} {s.size_bytes:>8,} {s.sent_bytes:>7,} | "
            f"{s.cached.requests_per_second:>12,.0f} {1:>6.2f} "
            f"{s.cached.p50_ms:>6.1f}ms {s.cached.p99_ms:>6.1f}ms |"
        )
        if f := self.floor:
            u = f.uncached
            lines.append(
                f"{f.name:<26} {'-':>4} {f.size_bytes:>8,} {f.sent_bytes:>7,} | {'':>12} {'':>6} {'':>7} {'':>7} | "
                f"{u.requests_per_second:>14,.1f} {f.uncached_ratio:>6.2f} {u.p50_ms:>6.1f}ms {u.p99_ms:>6.1f}ms"
            )
        if self.memory:
            lines += ["", self.memory.summary()]
        lines += ["", "Targets:"]
        for name, (met, detail) in self.targets.items():
            lines.append(f"  [{'met' if met else 'NOT met'}] {name}: {detail}")
        lines.append(f"Errors (non-2xx/3xx responses or socket errors): {self.errors}")
        return "\n".join(lines)


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise RuntimeError(WRK_MISSING)
    return path


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> Measurement:
    """Requests/s, p50 and p99 latency and errors from `wrk --latency` output."""
    result = Measurement()
    if match := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result.requests_per_second = float(match.group(1))
    if match := re.search(r"(\d+) requests in", output):
        result.requests = int(match.group(1))
    for percent, attribute in (("50", "p50_ms"), ("99", "p99_ms")):
        if match := re.search(rf"^\s+{percent}(?:\.000)?%\s+([\d.]+(?:us|ms|s))\s*$", output, re.MULTILINE):
            setattr(result, attribute, _ms(match.group(1)))
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        result.errors += int(match.group(1))
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        result.errors += sum(int(n) for n in match.groups())
    if result.requests == 0:
        result.errors += 1  # nothing answered at all
    return result


def run_wrk(url: str, seconds: float, connections: int, threads: int, extra_headers: dict | None = None) -> Measurement:
    headers = [
        arg for name, value in {**HEADERS, **(extra_headers or {})}.items() for arg in ("-H", f"{name}: {value}")
    ]
    completed = subprocess.run(  # noqa: S603 - wrk from the system, our own local server
        [
            wrk_path(),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--latency",
            "--timeout",
            "10s",
            *headers,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed: {completed.stderr or completed.stdout}")
    return parse_wrk(completed.stdout)


def static_css_path(base_url: str) -> str:
    """The fingerprinted stylesheet the home page links to, as a browser would fetch it."""
    html = fetch(base_url, "/")
    match = re.search(rb'href="(/static/css/site[^"]*\.css)"', html)
    if not match:
        raise RuntimeError("The home page links to no /static/css/site….css")
    return match.group(1).decode()


def round_seconds(seconds: float, rounds: int) -> int:
    """wrk takes whole seconds."""
    return max(1, round(seconds / rounds))


def median_of(rounds: list[Measurement]) -> Measurement:
    """One line's rounds as one measurement: the median rate and latencies, so that one
    round slowed by the machine counts as one of several; every request and error."""
    return Measurement(
        requests_per_second=statistics.median(m.requests_per_second for m in rounds),
        p50_ms=statistics.median(m.p50_ms for m in rounds),
        p99_ms=statistics.median(m.p99_ms for m in rounds),
        requests=sum(m.requests for m in rounds),
        errors=sum(m.errors for m in rounds),
    )


def measure_sizes(server, rows) -> None:
    """Each row's response size, and its size as sent to a client accepting gzip."""
    for row in rows:
        base_url = row.base_url or server.base_url
        row.size_bytes = len(fetch(base_url, row.path))
        row.sent_bytes = len(fetch(base_url, row.path, headers={"Accept-Encoding": "gzip"}))


def measure_server(server, rows, seconds, connections, threads, attribute, rounds=1, together=False) -> None:
    """Measures each row for `seconds` in all, in `rounds` interleaved rounds (the
    module docstring says why), and sets its `attribute` to the median. `together`
    sends every row's requests at once, each round taking `seconds` instead of
    `seconds` per row: the short run's way of showing that everything answers, whose
    rates then say nothing about any one page."""
    for row in rows:
        # Warm: fills the page cache (or per-process caches); waits out wrk's last requests.
        fetch(row.base_url or server.base_url, row.path, timeout=180)
    taken = [[] for _ in rows]

    def measure(row: Row) -> Measurement:
        return run_wrk(
            (row.base_url or server.base_url) + row.path, round_seconds(seconds, rounds), connections, threads
        )

    for _ in range(rounds):
        if together:
            with ThreadPoolExecutor(max_workers=len(rows)) as pool:
                measured = list(pool.map(measure, rows))
        else:
            measured = [measure(row) for row in rows]
        for measurements, measurement in zip(taken, measured, strict=True):
            measurements.append(measurement)
    for row, measurements in zip(rows, taken, strict=True):
        setattr(row, attribute, median_of(measurements))


def evaluate(rows: list[Row], static: Row, floor: Row | None = None) -> dict:
    static_rps = static.cached.requests_per_second or 1
    for row in rows:
        row.cached_ratio = row.cached.requests_per_second / static_rps
        row.uncached_ratio = row.uncached.requests_per_second / static_rps
    if floor:
        floor.uncached_ratio = floor.uncached.requests_per_second / static_rps
    worst_cached = min(rows, key=lambda r: r.cached_ratio)
    worst_uncached = min(rows, key=lambda r: r.uncached_ratio)
    targets = {
        f"cached pages >= {CACHED_TARGET} x static": (
            worst_cached.cached_ratio >= CACHED_TARGET,
            f"lowest {worst_cached.cached_ratio:.2f} ({worst_cached.name})",
        ),
        f"uncached pages >= {UNCACHED_TARGET} x static": (
            worst_uncached.uncached_ratio >= UNCACHED_TARGET,
            f"lowest {worst_uncached.uncached_ratio:.2f} ({worst_uncached.name})"
            + (f"; a new Wagtail site's home page: {floor.uncached_ratio:.2f}" if floor else ""),
        ),
    }
    by_name = {row.name: row for row in rows}
    first, deep = by_name.get("blog index, page 1"), by_name.get("blog index, page 20")
    if first and deep and deep.uncached.requests_per_second:
        slower = first.uncached.requests_per_second / deep.uncached.requests_per_second
        targets[f"blog page 20 within {DEEP_PAGE_TARGET} x page 1's time (uncached)"] = (
            slower <= DEEP_PAGE_TARGET,
            f"{slower:.2f} x",
        )
    return targets
