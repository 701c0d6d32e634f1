"""A small load generator: threads, each with its own keep-alive HTTP connection,
running a weighted mix of visits against a local server until a deadline.

It plays the part of the site's one trusted reverse proxy: every request says it came
over https (X-Forwarded-Proto) and from a visitor address (X-Forwarded-For). Those
addresses are taken from the documentation ranges (RFC 5737, 198.51.100.0/24 and
203.0.113.0/24): header values only, never contacted.
"""

import abc
import http.client
import random
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import count
from urllib.parse import urlencode


@dataclass
class Stats:
    statuses: Counter = field(default_factory=Counter)
    unexpected: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)

    def percentile(self, fraction: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


@dataclass
class Results:
    by_label: dict = field(default_factory=lambda: defaultdict(Stats))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, label: str, status: int | None, seconds: float, expected: bool, error: str = ""):
        with self.lock:
            stats = self.by_label[label]
            if status is None:
                stats.errors[error] += 1
                return
            stats.statuses[status] += 1
            stats.latencies.append(seconds)
            if not expected:
                stats.unexpected[status] += 1

    def total(self) -> Stats:
        total = Stats()
        for stats in self.by_label.values():
            total.statuses.update(stats.statuses)
            total.unexpected.update(stats.unexpected)
            total.errors.update(stats.errors)
            total.latencies.extend(stats.latencies)
        return total


class Client:
    """One simulated connection: a keep-alive HTTP/1.1 connection (reopened whenever
    the server closes it) and a visitor address of its own."""

    def __init__(self, host: str, port: int, visitor_ip: str, results: Results):
        self.host, self.port = host, port
        self.visitor_ip = visitor_ip
        self.results = results
        self.connection = http.client.HTTPConnection(host, port, timeout=60)

    def request(
        self,
        label: str,
        path: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int | None, dict, bytes]:
        all_headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.visitor_ip,
            "User-Agent": "coproweek-soak",
            **(headers or {}),
        }
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.connection.close()
            self.results.record(label, None, 0, False, type(exc).__name__)
            return None, {}, b""
        self.results.record(label, response.status, time.perf_counter() - started, response.status in expect)
        return response.status, dict(response.getheaders()), content

    def close(self):
        self.connection.close()


@dataclass
class Visit:
    """One thing a visitor does: here, one GET. `weight` says how often, relative to
    the other visits of the mix."""

    label: str
    path: str
    weight: float = 1
    expect: tuple[int, ...] = (200,)

    def run(self, client: Client, n: int) -> None:
        client.request(self.label, self.path.format(n=n), expect=self.expect)


@dataclass
class BadRequest(Visit):
    """A request over Django's limits; the site must answer 400, never 500."""

    fields: int = 0
    files: int = 0
    expect: tuple[int, ...] = (400,)

    def run(self, client: Client, n: int) -> None:
        if self.files:
            boundary = "soak-boundary"
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="f{i}"; filename="f{i}.txt"\r\n'
                f"Content-Type: text/plain\r\n\r\nx\r\n"
                for i in range(self.files)
            ]
            body = ("".join(parts) + f"--{boundary}--\r\n").encode()
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode({f"f{i}": "x" for i in range(self.fields)}).encode()
            content_type = "application/x-www-form-urlencoded"
        # Like a browser sending a real form: it holds the CSRF cookie (without one,
        # Django refuses the post with a 403 before reading it).
        tokens = get_form(client, self.label, "/admin/login/")
        cookie = {"Cookie": f"csrftoken={tokens[0]}"} if tokens else {}
        client.request(
            self.label,
            self.path,
            "POST",
            body,
            {"Content-Type": content_type, **cookie, **same_origin(client)},
            self.expect,
        )


def same_origin(client: Client) -> dict:
    # A browser's form post over https names its origin; Django's CSRF check wants it.
    return {"Origin": f"https://{client.host}:{client.port}"}


@dataclass
class FormPost(Visit, abc.ABC):
    """A visit that sends a form which must be stored exactly once. Subclasses say how
    to send one with a unique `marker` (`send`, returning True if the site accepted it)
    and how to count the records holding a marker (`stored`, run in a Django process on
    the soak's database). The soak checks every accepted marker is stored exactly once.

    To add a public form to the soak, subclass this and add an instance to
    ops.soak.TRAFFIC_FORMS.
    """

    def run(self, client: Client, n: int) -> None:
        marker = f"soak-{self.label.replace(' ', '-')}-{n}"
        if self.send(client, marker, n):
            with self.lock:
                self.accepted.append(marker)

    def __post_init__(self):
        self.lock = threading.Lock()
        self.accepted: list[str] = []

    @abc.abstractmethod
    def send(self, client: Client, marker: str, n: int) -> bool:
        """Post one form carrying `marker`; True if the site accepted it."""

    @staticmethod
    @abc.abstractmethod
    def stored(markers: list[str]) -> dict[str, int]:
        """How many times each marker was stored."""


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def get_form(client: Client, label: str, path: str, headers: dict | None = None) -> tuple[str, str] | None:
    """GET a form page; return its CSRF (cookie, form token) pair, as a browser keeps them."""
    status, headers, content = client.request(f"{label} (form)", path, headers=headers)
    cookie = CSRF_COOKIE.search(headers.get("Set-Cookie", ""))
    token = CSRF_INPUT.search(content)
    if status != 200 or not cookie or not token:
        return None
    return cookie.group(1), token.group(1).decode()


def run_load(
    host: str, port: int, visits: list[Visit], seconds: float, connections: int, seed: int = 1
) -> tuple[Results, float]:
    """Run the mix from `connections` threads for `seconds`; return what happened and
    the time it really took."""
    results = Results()
    deadline = time.monotonic() + seconds
    numbers = count()
    weights = [visit.weight for visit in visits]

    def worker(index: int) -> None:
        chooser = random.Random(seed * 1000 + index)  # noqa: S311 - a traffic mix, not a secret
        client = Client(host, port, f"198.51.100.{index % 250 + 1}", results)
        try:
            while time.monotonic() < deadline:
                visit = chooser.choices(visits, weights)[0]
                visit.run(client, next(numbers))
        finally:
            client.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.monotonic() - started
