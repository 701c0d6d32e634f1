"""Which release of the site is running: a short fingerprint of its code, templates and
static files, part of the key of everything kept as rendered HTML (whole pages, the
header and footer fragments, listing cards).

The shared cache outlives a deploy: Redis keeps the pages and fragments the previous
release rendered, under a content generation that a deploy does not change. Without
the release in their keys, a new footer or card template would not show until the next
edit or a day later, and a cached page would name static files (fingerprinted by
whitenoise) that the new release's servers no longer have.

`RELEASE_ID` (the image's git commit, say) names it when set; otherwise it is a digest
of the project's own source and templates, and of the static files' manifest when the
files are collected, read once per process.
"""

import functools
import hashlib
import os
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings

import wagtail

SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".json"}


def project_folders() -> list[Path]:
    """The folders of this project's own apps and its settings package; never the
    virtual environment's packages, which their versions stand for."""
    base = Path(settings.BASE_DIR).resolve()
    folders = {Path(config.path).resolve() for config in apps.get_app_configs()}
    folders.add(base / "site_config")
    return sorted(folder for folder in folders if folder.is_relative_to(base) and ".venv" not in folder.parts)


def digest_of(folders: list[Path], extra: list[Path] = ()) -> str:
    digest = hashlib.blake2b(digest_size=6)
    digest.update(f"django {django.__version__} wagtail {wagtail.__version__}".encode())
    for folder in folders:
        for file in sorted(folder.rglob("*")):
            if file.suffix in SOURCE_SUFFIXES and "__pycache__" not in file.parts and file.is_file():
                digest.update(str(file.relative_to(folder.parent)).encode())
                digest.update(file.read_bytes())
    for file in extra:
        if file.is_file():
            digest.update(file.read_bytes())
    return digest.hexdigest()


@functools.cache
def fingerprint() -> str:
    if release := os.environ.get("RELEASE_ID", "").strip():
        # Any text the deploy chooses, made safe for every cache backend's keys.
        return hashlib.blake2b(release.encode(), digest_size=6).hexdigest()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json" if settings.STATIC_ROOT else None
    return digest_of(project_folders(), [manifest] if manifest else [])
