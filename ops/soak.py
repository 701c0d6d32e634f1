"""The soak: the site under gunicorn with production settings, on a scratch copy of the
demo, taking mixed public traffic (and form posts) from 32 connections for a minute.

It passes when no response is a 5xx or an unexpected status, no request fails, every
accepted form post is stored exactly once, and no worker's memory grows by more than
MAX_MEMORY_GROWTH after warm-up. `manage.py soak` (make soak) runs it and prints the
table; tests/test_soak.py runs a short one in the suite.
"""

import abc
import io
import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urlencode

from ops.loadgen import (
    CSRF_COOKIE,
    CSRF_INPUT,
    BadRequest,
    Client,
    FormPost,
    Results,
    Visit,
    get_form,
    run_load,
    same_origin,
)
from ops.server import GunicornServer, fetch, rss_kib
from ops.sitemap import discover_pages

MAX_MEMORY_GROWTH = 0.10


@dataclass
class FailedSignIn(FormPost):
    """A wrong password on the admin's sign-in form, each from its own visitor address
    (so none is throttled): django-axes must record every attempt exactly once, under
    concurrency, or the sign-in throttle could be outrun."""

    def send(self, client: Client, marker: str, n: int) -> bool:
        visitor = {"X-Forwarded-For": visitor_ipv6(n)}
        tokens = get_form(client, self.label, "/admin/login/", visitor)
        if not tokens:
            return False
        cookie, token = tokens
        body = urlencode({"csrfmiddlewaretoken": token, "username": marker, "password": "not-the-password"})
        status, _, content = client.request(
            self.label,
            "/admin/login/",
            "POST",
            body.encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}",
                **same_origin(client),
                **visitor,
            },
        )
        return status == 200 and b"Your username and password didn" in content

    @staticmethod
    def stored(markers: list[str]) -> dict[str, int]:
        from axes.models import AccessAttempt

        found = Counter(AccessAttempt.objects.filter(username__in=markers).values_list("username", flat=True))
        return {marker: found[marker] for marker in markers}


def visitor_ipv6(n: int) -> str:
    """A distinct address for visit `n`, from the IPv6 documentation range (RFC 3849)."""
    return f"2001:db8::{n >> 16 & 0xFFFF:x}:{n & 0xFFFF:x}"


# How long a person takes at least to fill in a public form (the forms refuse a post
# sooner than SUBMISSIONS_MIN_FILL_SECONDS, 3 s, after they were shown), with a margin.
FILL_SECONDS = 3.5
STARTED_INPUT = re.compile(rb'name="form_started" value="([^"]+)"')
DATE_OPTION = re.compile(rb'<option value="(\d{4}-\d{2}-\d{2})"')


def small_photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 110)).save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class PublicFormPost(FormPost):
    """A public submission form, sent as a person sends it: each connection fetches the
    form (its CSRF token and signed timestamp), and posts it on a later visit once a
    person could have filled it in; each post from its own visitor address, so the
    per-address rate limit never turns one away. Accepted means redirected to the
    thank-you page. The path is filled in by `run_soak` (see `soak_open_forms`)."""

    def send(self, client: Client, marker: str, n: int) -> bool:
        form = self.filled_in_form(client)
        if form is None:
            return False
        cookie, fields = form
        body, content_type = self.body(marker, fields)
        status, headers, _ = client.request(
            self.label,
            self.path,
            "POST",
            body,
            {
                "Content-Type": content_type,
                "Cookie": f"csrftoken={cookie}",
                "X-Forwarded-For": visitor_ipv6(n),
                **same_origin(client),
            },
            expect=(302,),
        )
        return status == 302 and "thank-you" in headers.get("Location", "")

    def __post_init__(self):
        super().__post_init__()
        # Forms fetched and being "filled in": (fetched at, (CSRF cookie, fields)), oldest
        # first, shared by all connections (a CSRF cookie is not tied to a connection).
        self.waiting: deque = deque()

    def fetch(self, client: Client) -> None:
        """GET the form, as a person opening it, and keep it to fill in."""
        status, headers, content = client.request(f"{self.label} (form)", self.path)
        cookie = CSRF_COOKIE.search(headers.get("Set-Cookie", ""))
        token, started = CSRF_INPUT.search(content), STARTED_INPUT.search(content)
        if status == 200 and cookie and token and started:
            fields = {"csrfmiddlewaretoken": token.group(1).decode(), "form_started": started.group(1).decode()}
            date = DATE_OPTION.search(content)
            if date:
                fields["date"] = date.group(1).decode()
            with self.lock:
                self.waiting.append((time.monotonic(), (cookie.group(1), fields)))

    def filled_in_form(self, client: Client) -> tuple[str, dict] | None:
        """A form fetched long enough ago to have been filled in; else fetch one for later."""
        with self.lock:
            if self.waiting and time.monotonic() - self.waiting[0][0] >= FILL_SECONDS:
                return self.waiting.popleft()[1]
        self.fetch(client)
        return None

    @abc.abstractmethod
    def body(self, marker: str, fields: dict) -> tuple[bytes, str]:
        """The encoded form post carrying `marker`, and its Content-Type."""


@dataclass
class EventPost(PublicFormPost):
    def body(self, marker: str, fields: dict) -> tuple[bytes, str]:
        answers = {
            **fields,
            "title": marker,
            "kind": "workshop",
            "description": "A soak-test event.",
            "start_time": "10:00",
            "end_time": "12:00",
            "attendance_mode": "in-person",
            "venue": "Community Hall",
            "town": "Kirkcaldy",
            "council_area": "fife",
            "organisation_name": "Soak Test Group",
            "contact_name": "Soak Tester",
            "contact_email": "soak@example.org",
            "consent_to_publish": "on",
            "website": "",
        }
        return urlencode(answers).encode(), "application/x-www-form-urlencoded"

    @staticmethod
    def stored(markers: list[str]) -> dict[str, int]:
        from submissions.models import EventSubmission

        found = Counter(EventSubmission.objects.filter(title__in=markers).values_list("title", flat=True))
        return {marker: found[marker] for marker in markers}


@dataclass
class StoryPost(PublicFormPost):
    """A story with one small photo: the photo's checks and private storage run too."""

    def body(self, marker: str, fields: dict) -> tuple[bytes, str]:
        answers = {
            **fields,
            "title": marker,
            "story": "A soak-test story.",
            "caption_1": "A soak-test photo.",
            "contact_name": "Soak Tester",
            "contact_email": "soak@example.org",
            "permission_from_people_shown": "on",
            "consent_to_publish": "on",
            "website": "",
        }
        boundary = f"soak-{marker}"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in answers.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="photo_1"; filename="{marker}.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n".encode()
            + SMALL_PHOTO
            + b"\r\n"
        )
        return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"

    @staticmethod
    def stored(markers: list[str]) -> dict[str, int]:
        from submissions.models import StorySubmission

        # A story counts once it is stored with its photo.
        stories = StorySubmission.objects.filter(title__in=markers, photos__isnull=False)
        found = Counter(stories.values_list("title", flat=True))
        return {marker: found[marker] for marker in markers}


SMALL_PHOTO = small_photo()

# Form posts of the soak: how to send each, how to count what was stored. The public
# forms' paths are found in the soak's database when it starts (`soak_open_forms`).
TRAFFIC_FORMS: list[FormPost] = [
    FailedSignIn("failed sign-in", "/admin/login/", weight=2),
    EventPost("add your event", "", weight=2),
    StoryPost("share your story", "", weight=1),
]
PUBLIC_FORM_KINDS = {"add your event": "event", "share your story": "story"}


def static_files(base_url: str) -> list[str]:
    """The fingerprinted CSS and JavaScript files the home page links to."""
    html = fetch(base_url, "/").decode()
    return sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)))


def public_traffic(base_url: str) -> list[Visit]:
    pages = discover_pages(base_url)
    long_query = urlencode({"q": "power " * 500})  # ~3,000 characters: within gunicorn's request-line limit
    visits = [Visit(f"page {path}", path, weight=40 / len(pages)) for path in pages]
    visits += [Visit(f"static {path.rsplit('/', 1)[-1]}", path, weight=2) for path in static_files(base_url)]
    visits += [
        Visit("home", "/", weight=10),
        Visit("search", "/search/?q=power", weight=4),
        Visit("search, filtered", "/search/?q=co-production&year=2017&type=event", weight=2),
        Visit("search, page 2", "/search/?q=co-production&page=2", weight=1),
        Visit("search, 3,000 characters", f"/search/?{long_query}", weight=1),
        Visit("feed RSS", "/feeds/rss/", weight=2),
        Visit("feed Atom 2017", "/feeds/2017/atom/", weight=1),
        Visit("sitemap.xml", "/sitemap.xml", weight=1),
        Visit("robots.txt", "/robots.txt", weight=1),
        Visit("not found", "/no-such-page-{n}/", weight=2, expect=(404,)),
        Visit("admin sign-in page", "/admin/login/", weight=1),
        BadRequest("too many fields", "/", weight=0.3, fields=10_001),
        BadRequest("too many files", "/", weight=0.3, files=21),
    ]
    return visits


@dataclass
class MemorySample:
    warm: dict = field(default_factory=dict)
    end: dict = field(default_factory=dict)

    def growth(self, pid: int) -> float | None:
        if pid not in self.warm or self.end.get(pid) is None:
            return None
        return (self.end[pid] - self.warm[pid]) / self.warm[pid]


@dataclass
class SoakReport:
    seconds: float
    connections: int
    workers: int
    engine: str
    results: Results
    memory: MemorySample
    forms: dict = field(default_factory=dict)  # label → (accepted, stored exactly once, problems)
    workers_restarted: bool = False

    @property
    def problems(self) -> list[str]:
        total = self.results.total()
        problems = []
        five_xx = sum(n for status, n in total.statuses.items() if status >= 500)
        if five_xx:
            problems.append(f"{five_xx} responses were 5xx")
        if total.unexpected:
            problems.append(f"unexpected statuses: {dict(total.unexpected)}")
        if total.errors:
            problems.append(f"failed requests: {dict(total.errors)}")
        for pid in self.memory.warm:
            growth = self.memory.growth(pid)
            if growth is None:
                problems.append(f"worker {pid} went away during the soak")
            elif growth > MAX_MEMORY_GROWTH:
                problems.append(f"worker {pid} grew {growth:.1%} after warm-up (limit {MAX_MEMORY_GROWTH:.0%})")
        if self.workers_restarted:
            problems.append("gunicorn restarted a worker")
        for label, (accepted, _exact, wrong) in self.forms.items():
            if not accepted:
                problems.append(f"no {label} was accepted")
            if wrong:
                problems.append(f"{label}: {len(wrong)} not stored exactly once, e.g. {wrong[:3]}")
        return problems

    def table(self) -> str:
        lines = [
            f"Soak: {self.seconds:.0f} s, {self.connections} connections, gunicorn with {self.workers} workers "
            f"(production settings, {self.engine})",
            "",
            f"{'request':<44} {'count':>7} {'2xx':>6} {'3xx':>5} {'4xx':>6} {'5xx':>5} {'failed':>6} "
            f"{'p50 ms':>7} {'p95 ms':>7}",
        ]

        def row(label, stats):
            by_class = Counter(status // 100 for status in stats.statuses.elements())
            requests = sum(stats.statuses.values()) + sum(stats.errors.values())
            return (
                f"{label[:44]:<44} {requests:>7} {by_class[2]:>6} {by_class[3]:>5} {by_class[4]:>6} "
                f"{by_class[5]:>5} {sum(stats.errors.values()):>6} {stats.percentile(0.5):>7.0f} "
                f"{stats.percentile(0.95):>7.0f}"
            )

        for label in sorted(self.results.by_label):
            lines.append(row(label, self.results.by_label[label]))
        total = self.results.total()
        lines.append(row("all requests", total))
        lines.append(f"{'':<44} {sum(total.statuses.values()) / self.seconds:>7.0f} requests/s")
        lines += ["", f"{'worker memory (RSS, MiB)':<44} {'warm':>7} {'end':>7} {'growth':>7}"]
        for pid in sorted(self.memory.warm):
            end = self.memory.end.get(pid)
            growth = self.memory.growth(pid)
            lines.append(
                f"{'worker ' + str(pid):<44} {self.memory.warm[pid] / 1024:>7.1f} "
                f"{(end or 0) / 1024:>7.1f} {f'{growth:+.1%}' if growth is not None else 'gone':>7}"
            )
        lines += ["", f"{'form posts':<44} {'accepted':>9} {'stored once':>12}"]
        for label, (accepted, exact, _wrong) in self.forms.items():
            lines.append(f"{label:<44} {accepted:>9} {exact:>12}")
        problems = self.problems
        lines += ["", "Result: PASS" if not problems else "Result: FAIL: " + "; ".join(problems)]
        return "\n".join(lines)


def run_soak(
    server: GunicornServer, seconds: float, connections: int, engine: str, count_stored, form_paths: dict
) -> SoakReport:
    """Warm up (every URL of the mix, then a short burst), sample worker memory, run the
    soak, sample again, and check what the form posts stored. `count_stored({label:
    markers})` counts each form's stored records in a process on the soak's database
    ({label: {marker: records}}); `form_paths` are the open public forms' paths
    ({"event": …, "story": …})."""
    visits = public_traffic(server.base_url)
    forms = [
        type(form)(form.label, form_paths.get(PUBLIC_FORM_KINDS.get(form.label), form.path), form.weight)
        for form in TRAFFIC_FORMS
    ]
    warm_client = Client("127.0.0.1", server.port, "198.51.100.254", Results())
    for visit in visits:
        visit.run(warm_client, 0)
    # People open the public forms before the soak starts, so posts come from its first
    # second (a form is posted no sooner than FILL_SECONDS after it was fetched).
    for form in forms:
        if isinstance(form, PublicFormPost):
            for _ in range(connections // 4):
                form.fetch(warm_client)
    warm_client.close()
    run_load("127.0.0.1", server.port, visits, max(2.0, seconds * 0.15), connections, seed=2)

    pids = server.worker_pids()
    memory = MemorySample(warm={pid: rss_kib(pid) for pid in pids})
    started = time.monotonic()
    results, elapsed = run_load("127.0.0.1", server.port, visits + forms, seconds, connections)
    memory.end = {pid: rss_kib(pid) for pid in pids}
    report = SoakReport(
        seconds=elapsed or (time.monotonic() - started),
        connections=connections,
        workers=server.workers,
        engine=engine,
        results=results,
        memory=memory,
        workers_restarted=server.worker_pids() != pids,
    )
    accepted = {form.label: form.accepted for form in forms if form.accepted}
    stored = count_stored(accepted) if accepted else {}
    for form in forms:
        counts = stored.get(form.label, {})
        wrong = [marker for marker, n in counts.items() if n != 1]
        report.forms[form.label] = (len(form.accepted), len(form.accepted) - len(wrong), wrong)
    return report
