"""The content generation in a small file, for a site without Redis.

Every cached page's key holds the content generation (core/page_cache.py), and any
change to content bumps it. With Redis the number lives there, shared by every app
server. Without Redis each process has its own memory cache, and a number kept in it
would be bumped only in the process that made the change: a page published through
one gunicorn worker, or by `publish_scheduled` from cron, would leave the other workers
serving the old page until it expired. So without Redis the number lives in a file
that every process on the machine reads: the cached pages stay in each process's
memory, and each process knows at once when they are out of date.

Reading costs one small read of a file the kernel keeps in memory, through a descriptor
each process keeps open, once per request (the page cache remembers the number for the
rest of the request). Bumping takes an exclusive lock on the file, so two processes
bumping at once both count. The number is written in place, fixed width, never by
replacing the file, and read under a shared lock, so a reader sees the old number or
the new one. If the file is deleted (a temp-folder cleaner), the next reader
starts a new number that no process has used, so nothing cached before is reused.

Only processes that see the same file share it: several containers or machines need
Redis (REDIS_URL), or this file on a volume they share (PAGE_CACHE_GENERATION_FILE).
"""

import fcntl
import functools
import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connections
from django.dispatch import receiver

logger = logging.getLogger(__name__)

WIDTH = 20  # digits: a number of microseconds since 1970 has 16


class _Reader(NamedTuple):
    file: Path
    pid: int
    descriptor: int


# The one descriptor this process keeps open for reading (a request reads the file
# once; opening it each time would cost more than the read).
_held: _Reader | None = None


# Reading (and starting) the number happens on every request: a file out of reach would
# otherwise write an error per request, thousands a second under a burst of traffic.
# Those errors are logged once a minute per process, with how many were left out.
# A failed bump is an edit whose change may not reach other processes: always logged.
REQUEST_ERROR_EVERY_SECONDS = 60
_request_errors = {"last_logged": None, "left_out": 0}


def _log_request_error(message: str, *args) -> None:
    now = time.monotonic()
    last = _request_errors["last_logged"]
    if last is not None and now - last < REQUEST_ERROR_EVERY_SECONDS:
        _request_errors["left_out"] += 1
        return
    left_out, _request_errors["left_out"] = _request_errors["left_out"], 0
    _request_errors["last_logged"] = now
    if left_out:
        message += (
            f" ({left_out} more like it since the last one logged, at most one per {REQUEST_ERROR_EVERY_SECONDS} s)"
        )
    logger.error(message, *args)


@functools.cache
def path() -> Path | None:
    """The generation file, or None when the default cache is shared by itself (Redis).
    Found once per process (it is asked on every request); again when settings change."""
    if settings.CACHES.get("default", {}).get("BACKEND") != "django.core.cache.backends.locmem.LocMemCache":
        return None
    if configured := getattr(settings, "PAGE_CACHE_GENERATION_FILE", None):
        return Path(configured)
    # One file per site on this machine: two sites (or a site and its test copy) on
    # one machine must never purge each other.
    database = connections["default"].settings_dict
    site = "|".join(str(database.get(part, "")) for part in ("ENGINE", "NAME", "HOST", "PORT"))
    digest = hashlib.sha256(f"{site}|{settings.CACHE_KEY_PREFIX}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"coproweek-generation-{digest}"


@receiver(setting_changed)
def forget_path(**_kwargs) -> None:
    path.cache_clear()
    # Errors about another file are news: the next is logged at once.
    _request_errors.update(last_logged=None, left_out=0)


def fresh_number() -> int:
    """A number no process has used: the time in microseconds (the first generation in
    Redis is made the same way, core/page_cache.py)."""
    return time.time_ns() // 1000


def _parse(raw: bytes) -> int | None:
    try:
        return int(raw)
    except ValueError:  # empty: made a moment ago by a process about to write it
        return None


def read(file: Path) -> int | None:
    """The number in the file; None if there is none yet (or it cannot be read)."""
    try:
        descriptor = _reader(file)
        if descriptor is None:
            return None
        # A shared lock, so a bump (exclusive) is never read half-written.
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        try:
            return _parse(os.pread(descriptor, WIDTH + 1, 0))
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    except OSError as exc:
        _log_request_error("Cannot read the content generation from %s: %s", file, exc)
        return None


def _reader(file: Path) -> int | None:
    """This process's descriptor open on the file; None if there is no file. Opened
    again for another file (tests), after a fork (a lock belongs to the descriptor,
    which a fork would share) and after the file was deleted (to read the one made
    since)."""
    global _held
    if _held is not None and (
        _held.file != file or _held.pid != os.getpid() or os.fstat(_held.descriptor).st_nlink == 0
    ):
        if _held.pid == os.getpid():
            os.close(_held.descriptor)
        _held = None
    if _held is None:
        try:
            _held = _Reader(file, os.getpid(), os.open(file, os.O_RDONLY))
        except FileNotFoundError:
            return None
    return _held.descriptor


def bump(file: Path, *, only_if_missing: bool = False) -> int | None:
    """Add one to the number (start one if there is none) and return it; with
    `only_if_missing`, start one only. None if the file cannot be written: the change
    is then logged as not reaching the other processes, and never fails the edit."""
    descriptor = None
    try:
        descriptor = os.open(file, os.O_RDWR | os.O_CREAT, 0o660)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        current = _parse(os.pread(descriptor, WIDTH + 1, 0))
        if current is not None and only_if_missing:
            return current
        number = fresh_number() if current is None else current + 1
        os.pwrite(descriptor, f"{number:0{WIDTH}d}\n".encode(), 0)
        return number
    except OSError as exc:
        if only_if_missing:
            _log_request_error("Cannot start the content generation in %s (%s): pages are not cached.", file, exc)
        else:
            logger.error("Cannot record a content change in %s (%s): other processes may serve old pages.", file, exc)
        return None
    finally:
        if descriptor is not None:
            os.close(descriptor)  # and with it the lock
