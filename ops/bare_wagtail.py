"""A new Wagtail site, exactly as `wagtail start` makes it, for `make bench` to measure
beside this one: the cheapest page the same stack serves (the same Wagtail and Django,
gunicorn with 2 sync workers, production settings, SQLite) on the same machine in the
same run. Its home page is the floor under any page rendered without the page cache:
the bench's table shows it as a row of its own, so whoever reads the uncached column
can see how far this site's pages are from what Wagtail itself costs on that machine.

It is built once in the bench's output folder and kept (made again after Wagtail is
upgraded, as a new site of that version); it always runs on SQLite, even when the bench
measures this site on PostgreSQL (where the floor is lower still).
"""

import fcntl
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import wagtail

from ops.server import inherited_env, manage

PACKAGE = "bare"  # the new project's Python package
ADDRESS = "/"  # its home page: Wagtail's welcome page
BUILT = ".built"  # written last, with the Wagtail version that made it


def environment() -> dict:
    """What its production settings need from outside: a secret key (the settings
    `wagtail start` writes keep one only for development)."""
    return inherited_env() | {
        "DJANGO_SETTINGS_MODULE": f"{PACKAGE}.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
    }


def build(folder: Path) -> dict:
    """The site in `folder`, made the first time (`wagtail start`, migrate, collect its
    static files) and whenever Wagtail's version has changed, and the environment that
    serves it."""
    env = environment()
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Two runs at once on one machine (two test runs, or a bench beside them) may share
    # one site: the second waits while the first makes it, then finds it made.
    with (folder.parent / f".{folder.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not is_built(folder):
            # Whatever an interrupted build or an older Wagtail left is made again from the start.
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            manage_wagtail("start", PACKAGE, str(folder))
            # Production settings import `local.py` last: the host and the key come from here.
            (folder / PACKAGE / "settings" / "local.py").write_text(
                'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\nALLOWED_HOSTS = ["127.0.0.1", "localhost"]\n'
            )
            manage(env, "migrate", "--noinput", "--verbosity", "0", cwd=folder)
            manage(env, "collectstatic", "--noinput", "--verbosity", "0", cwd=folder)
            (folder / BUILT).write_text(wagtail.__version__)
    return env


def is_built(folder: Path) -> bool:
    """Made completely, by this version of Wagtail."""
    try:
        return (folder / BUILT).read_text() == wagtail.__version__
    except OSError:
        return False


def manage_wagtail(*args: str) -> None:
    """The `wagtail` command of this environment's Wagtail."""
    result = subprocess.run(  # noqa: S603 - Wagtail's own project maker
        [sys.executable, "-m", "wagtail.bin.wagtail", *args], capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"wagtail {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
