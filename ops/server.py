"""The site under gunicorn with production settings, as a context manager: used by
`make bench`, the soak (`manage.py soak`) and the tests that run the site as a server."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PROJECT_DIR = Path(settings.BASE_DIR)


def fetch(base_url: str, path: str, timeout: float = 30, headers: dict | None = None) -> bytes:
    """GET a page of our own local server (plain http, as the site's proxy would); the
    body as sent (compressed if `headers` accept it)."""
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}
    request = urllib.request.Request(f"{base_url}{path}", headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def inherited_env() -> dict:
    """This process's environment for a server or command of its own, without the Django
    settings and pytest variables that belong to this process (a test's settings module)."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}


def production_env(database_url: str, media_root: Path, static_root: Path, **extra: str) -> dict:
    """Environment for production settings on this machine: a throwaway secret key,
    and this process acting as the site's one trusted proxy (TRUSTED_PROXY_COUNT=1),
    which is how it reaches the site over plain http while the site believes https."""
    env = inherited_env()
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_root),
        # Beside it, never the checkout's own folder: the soak posts story photos.
        PRIVATE_MEDIA_ROOT=str(media_root.parent / "private-media"),
        # Without Redis, the processes' shared content generation: beside it too, not
        # left in the temp folder by every run.
        PAGE_CACHE_GENERATION_FILE=str(media_root.parent / "content-generation"),
        STATIC_ROOT=str(static_root),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUSTED_PROXY_COUNT="1",
        LOG_LEVEL="WARNING",
        # If REDIS_URL is set, keys of their own: never mixed with a real site's cache.
        CACHE_KEY_PREFIX=f"coproweek-{secrets.token_hex(6)}",
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str, timeout: int = 600, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - our own manage.py (or the bench's new Wagtail site's)
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def collect_static(env: dict) -> None:
    """Production settings serve fingerprinted files from STATIC_ROOT: collect them."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


@dataclass
class GunicornServer:
    env: dict
    workers: int = 2
    port: int = field(default_factory=free_port)
    log_path: Path | None = None
    process: subprocess.Popen | None = None
    # Another WSGI site can be served the same way (the bench's new Wagtail site,
    # ops/bare_wagtail.py): its application, its folder and an address it answers.
    app: str = "site_config.wsgi:application"
    cwd: Path = PROJECT_DIR
    probe_path: str = "/robots.txt"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "GunicornServer":
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn from our own environment
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.app,
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                "--no-control-socket",
                "--graceful-timeout=5",
            ],
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        self.wait_until_up()
        return self

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with code {self.process.returncode} (log: {self.log_path})")
            try:
                fetch(self.base_url, self.probe_path, timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s (log: {self.log_path})")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self) -> list[int]:
        """gunicorn's worker processes: the master's children."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return sorted(children)


def rss_kib(pid: int) -> int | None:
    """Resident memory of a process in KiB (Linux /proc), or None if it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
