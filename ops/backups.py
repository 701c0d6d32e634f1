"""Backups of the whole site, database and uploaded media, in one dated archive.

An archive (``coproweek-backup-<UTC date and time>.tar.gz``) holds:

- ``manifest.json``: when it was made, from which database engine, and an inventory of
  what it holds (pages, their addresses, revisions, media files with checksums), so a
  restore can say what it is about to do and check afterwards that it did it;
- ``database.pgdump`` (PostgreSQL, ``pg_dump -Fc``) or ``database.sqlite3`` (SQLite,
  copied with SQLite's online backup API, so the site can keep running);
- ``media/``: every uploaded file;
- ``private-media/``: photos sent in with stories that staff have not yet decided on
  (PRIVATE_MEDIA_ROOT, never public). Losing them would lose what people sent.

Where uploads are kept in an S3-compatible bucket (MEDIA_S3_BUCKET) instead of folders,
they are not in the archive: the manifest and the command say so, and the bucket's
versioning or the provider's backups must keep them.

Restoring replaces the database and the folders with the archive's, and refuses
unless explicitly told to (``--replace``), after saying what would change.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.module_loading import import_string

import wagtail
from wagtail.models import Page, Revision

from core.page_cache import purge_all

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
PRIVATE_MEDIA_DIR = "private-media"
ARCHIVE_FORMAT = 1


class BackupError(Exception):
    """Something that stops a backup or restore, in words for whoever runs it."""


# --- What the site holds --------------------------------------------------------------


def media_files(root: Path) -> dict[str, str]:
    """Every file under the media folder: relative path → SHA-256."""
    files = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@dataclass(frozen=True)
class UploadFolder:
    """Uploaded files kept in a folder of this server: what backups carry."""

    key: str  # in the inventory, and as the archive's folder
    storage: str  # the STORAGES alias that keeps them
    setting: str  # the setting naming the folder
    label: str  # "media files", in what the commands say

    @property
    def in_folder(self) -> bool:
        """False when the files are in a bucket (django-storages), out of a backup's reach."""
        return issubclass(import_string(settings.STORAGES[self.storage]["BACKEND"]), FileSystemStorage)

    @property
    def root(self) -> Path:
        return Path(getattr(settings, self.setting))

    def inventory(self) -> dict[str, str] | None:
        return media_files(self.root) if self.in_folder else None

    def elsewhere(self) -> str:
        """Where they are, when not in a folder: for the manifest and the command's output."""
        options = settings.STORAGES[self.storage].get("OPTIONS", {})
        prefix = options.get("location")
        return f"bucket {options.get('bucket_name')!r}, " + (f"under {prefix}/" if prefix else "at its top level")


UPLOADS = (
    UploadFolder(MEDIA_DIR, "default", "MEDIA_ROOT", "media"),
    UploadFolder(PRIVATE_MEDIA_DIR, "private", "PRIVATE_MEDIA_ROOT", "private media"),
)


def site_inventory(using: str = DEFAULT_DB_ALIAS) -> dict:
    """What a backup must bring back: pages (count and every address), revisions, and
    the files in each upload folder (None where they are kept in a bucket instead).
    Compared before and after a restore."""
    pages = Page.objects.using(using).exclude(depth=1)
    return {
        "pages": pages.count(),
        "live_pages": pages.filter(live=True).count(),
        "urls": sorted(pages.values_list("url_path", flat=True)),
        "revisions": Revision.objects.using(using).count(),
        **{folder.key: folder.inventory() for folder in UPLOADS},
    }


def describe(inventory: dict) -> str:
    files = [files_in_words(len(inventory[f.key]), f.label) for f in UPLOADS if inventory.get(f.key) is not None]
    pages = f"{inventory['pages']} pages ({inventory['live_pages']} live)"
    return ", ".join([pages, f"{inventory['revisions']} revisions", *files])


def files_in_words(count: int, label: str = "") -> str:
    return " ".join(filter(None, [str(count), label, "file" if count == 1 else "files"]))


def not_backed_up(manifest: dict) -> list[str]:
    """Uploads the archive does not hold because they were in a bucket, in words."""
    return [
        f"The {folder.label} files are in {manifest['elsewhere'][folder.key]}, not in this backup: "
        "keep them with the bucket's versioning or the provider's backups."
        for folder in UPLOADS
        if folder.key in manifest.get("elsewhere", {})
    ]


# --- The database ---------------------------------------------------------------------


@dataclass
class Database:
    """The configured database, as the command-line tools need it."""

    alias: str = DEFAULT_DB_ALIAS

    @property
    def settings(self) -> dict:
        return connections[self.alias].settings_dict

    @property
    def vendor(self) -> str:
        return connections[self.alias].vendor

    @property
    def label(self) -> str:
        if self.vendor == "sqlite":
            return f"SQLite database {self.settings['NAME']}"
        return f"PostgreSQL database {self.settings['NAME']!r} on {self.settings.get('HOST') or 'localhost'}"

    @property
    def not_made_yet(self) -> bool:
        """A SQLite file that does not exist yet (a fresh machine): opening it to ask what
        it holds would leave an empty one behind, though a restore without --replace
        promises to change nothing."""
        name = str(self.settings["NAME"])
        return self.vendor == "sqlite" and not name.startswith(("file:", ":memory:")) and not Path(name).exists()

    def pg_env(self) -> dict:
        """libpq's environment variables, so no password appears on a command line."""
        s = self.settings
        values = {
            "PGHOST": s.get("HOST"),
            "PGPORT": str(s.get("PORT") or ""),
            "PGUSER": s.get("USER"),
            "PGPASSWORD": s.get("PASSWORD"),
            "PGDATABASE": s.get("NAME"),
        }
        return {**os.environ, **{key: value for key, value in values.items() if value}}

    def run(self, args: list[str], **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("stdout", subprocess.PIPE)
        try:
            result = subprocess.run(args, env=self.pg_env(), stderr=subprocess.PIPE, text=True, check=False, **kwargs)  # noqa: S603
        except FileNotFoundError as exc:
            raise BackupError(f"{args[0]} is not installed (PostgreSQL's client tools are needed).") from exc
        if result.returncode != 0:
            raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")
        return result

    def dump_to(self, folder: Path) -> str:
        if self.vendor == "sqlite":
            target = folder / SQLITE_FILE
            connection = connections[self.alias]
            connection.ensure_connection()
            # SQLite's online backup: a consistent copy even while the site writes.
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
            copy.close()
            return SQLITE_FILE
        if self.vendor == "postgresql":
            self.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={folder / PG_FILE}"])
            return PG_FILE
        raise BackupError(f"Backups of {self.vendor} databases are not supported (SQLite and PostgreSQL are).")

    def load_from(self, dump: Path) -> None:
        """Replace everything in the database with the dump, all or nothing."""
        connections.close_all()
        if self.vendor == "sqlite":
            Path(self.settings["NAME"]).parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(dump) as source, sqlite3.connect(self.settings["NAME"]) as target:
                source.backup(target)
            source.close()
            target.close()
        elif self.vendor == "postgresql":
            # pg_restore turns the dump into SQL, which psql runs in one transaction after
            # emptying the schema: tables that exist now but not in the backup go too,
            # and if anything fails the database is left exactly as it was.
            with tempfile.TemporaryFile() as sql:
                self.run(["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)], stdout=sql)
                sql.seek(0)
                self.run(
                    [
                        "psql",
                        "--quiet",
                        "--no-psqlrc",
                        "--single-transaction",
                        "--set=ON_ERROR_STOP=1",
                        "--command=DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
                        "--file=-",
                    ],
                    stdin=sql,
                )
        else:
            raise BackupError(f"Restoring {self.vendor} databases is not supported (SQLite and PostgreSQL are).")


# --- Backup ---------------------------------------------------------------------------


def backup_name(now: datetime) -> str:
    return f"coproweek-backup-{now:%Y-%m-%dT%H%M%SZ}.tar.gz"


def create_backup(output_dir: Path, database: Database | None = None) -> tuple[Path, dict]:
    """Write a dated archive of the database and media into `output_dir`; return its
    path and manifest. The archive appears under its final name only once complete."""
    database = database or Database()
    now = datetime.now(UTC)
    output_dir.mkdir(parents=True, exist_ok=True)
    archive = output_dir / backup_name(now)
    with tempfile.TemporaryDirectory(prefix="coproweek-backup-") as work:
        work = Path(work)
        dump = database.dump_to(work)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "created": now.isoformat(),
            "engine": database.vendor,
            "database_file": dump,
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "inventory": site_inventory(database.alias),
            "elsewhere": {folder.key: folder.elsewhere() for folder in UPLOADS if not folder.in_folder},
        }
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            tar.add(work / dump, arcname=dump)
            for folder in UPLOADS:
                if folder.in_folder and folder.root.is_dir():
                    tar.add(folder.root, arcname=folder.key)
        partial.rename(archive)
    return archive, manifest


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


# --- Restore --------------------------------------------------------------------------


def read_manifest(archive: Path) -> dict:
    if not archive.is_file():
        raise BackupError(f"There is no backup at {archive}.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise BackupError(f"{archive} is not a CoProWeek backup archive ({exc}).") from exc
    if not manifest or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupError(f"{archive} is not a CoProWeek backup archive this version can read.")
    return manifest


def current_inventory(database: Database) -> dict | None:
    """What the site holds now, or None if its database has no tables yet."""
    if database.not_made_yet:
        return None
    try:
        return site_inventory(database.alias)
    except Exception:  # noqa: BLE001 - an empty or broken database is what restores are for
        connections[database.alias].close()
        return None


def restored_folders(manifest: dict) -> list[UploadFolder]:
    """The upload folders a restore replaces: those the archive holds and this site
    keeps in a folder. (An archive made before private media were backed up has none
    of them; a site that keeps uploads in a bucket has no folder to replace.)"""
    return [f for f in UPLOADS if manifest["inventory"].get(f.key) is not None and f.in_folder]


def folder_plan(folder: UploadFolder, manifest: dict, now: dict | None) -> str:
    held = manifest["inventory"].get(folder.key)
    if held is None:
        why = (
            f"were in {manifest['elsewhere'][folder.key]} when it was made"
            if folder.key in manifest.get("elsewhere", {})
            else "were not backed up by the version that made it"
        )
        return f"  - leave the {folder.label} files as they are: the backup holds none (they {why});"
    if not folder.in_folder:
        return (
            f"  - not restore the backup's {files_in_words(len(held), folder.label)}: this site keeps them in "
            f"{folder.elsewhere()}; copy them there from the archive's {folder.key}/ folder;"
        )
    count = len(now[folder.key]) if now else len(media_files(folder.root))
    return (
        f"  - replace the {folder.label} folder {folder.root} ({files_in_words(count)} now) "
        f"with the backup's {files_in_words(len(held))};"
    )


def restore_plan(archive: Path, database: Database | None = None) -> tuple[dict, str]:
    """The manifest, and in plain words what restoring this archive would replace."""
    database = database or Database()
    manifest = read_manifest(archive)
    if manifest["engine"] != database.vendor:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database, but the site is configured for "
            f"{database.vendor} (DATABASE_URL). Restore it into a {manifest['engine']} database."
        )
    now = current_inventory(database)
    lines = [
        f"Restoring {archive.name} (made {manifest['created']}) would:",
        f"  - replace the {database.label}, which now holds {describe(now) if now else 'no site (no tables)'},",
        f"    with the backup's {describe(manifest['inventory'])};",
        *(folder_plan(folder, manifest, now) for folder in UPLOADS),
        "Everything in what it replaces that is not in the backup would be lost.",
    ]
    return manifest, "\n".join(lines)


def unpack(tar: tarfile.TarFile, work: Path) -> None:
    """Extract `tar` into `work`, refusing anything a tampered archive could use to write
    elsewhere: absolute paths, "..", links and device files.

    Python's "data" extraction filter does exactly that, but arrived in 3.11.4, and
    Debian 12's python3 is 3.11.2: there the same checks are made here first (stricter:
    a backup holds only files and folders, so any link is refused)."""
    if hasattr(tarfile, "data_filter"):
        try:
            tar.extractall(work, filter="data")
        except tarfile.FilterError as exc:
            raise BackupError(f"The archive holds something a backup never does, and was not restored: {exc}.") from exc
        return
    root = work.resolve()
    members = tar.getmembers()
    for member in members:
        target = (work / member.name).resolve()
        if Path(member.name).is_absolute() or not target.is_relative_to(root):
            raise BackupError(f"The archive holds {member.name!r}, outside its own folder, and was not restored.")
        if not (member.isfile() or member.isdir()):
            raise BackupError(
                f"The archive holds {member.name!r}, which is not a file or a folder, and was not restored."
            )
    for member in members:
        # Without the archive's owners and modes, as the "data" filter would.
        tar.extract(member, work, set_attrs=False)


def restore_backup(archive: Path, database: Database | None = None) -> dict:
    """Replace the database and upload folders with the archive's; return the restored
    inventory, checked against the one recorded when the backup was made."""
    database = database or Database()
    manifest = read_manifest(archive)
    folders = restored_folders(manifest)
    for folder in folders:
        folder.root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the media folder, which usually has the room, and where moving the
    # files into place is a rename.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=folders[0].root.parent if folders else None) as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            unpack(tar, work)
        database.load_from(work / manifest["database_file"])
        for folder in folders:
            replace_folder(folder.root, work / folder.key)
    clear_cache()
    restored = site_inventory(database.alias)
    # Only what the restore replaced can be compared with the backup.
    kept = [f.key for f in UPLOADS if f not in folders]
    if {**restored, **dict.fromkeys(kept)} != {**manifest["inventory"], **dict.fromkeys(kept)}:
        raise BackupError(
            f"The restore finished but the site does not match the backup: it holds {describe(restored)}, "
            f"the backup recorded {describe(manifest['inventory'])}."
        )
    return restored


def replace_folder(target: Path, new: Path) -> None:
    """Put `new` in place of `target`: first moved beside it (copied, if it is on another
    file system), so the swap itself is two renames."""
    if not new.is_dir():
        new.mkdir()
    staged = target.with_name(f".{target.name}-restoring")
    old = target.with_name(f".{target.name}-before-restore")
    for leftover in (staged, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.move(new, staged)
    if target.exists():
        target.rename(old)
    staged.rename(target)
    if old.exists():
        shutil.rmtree(old)


def clear_cache() -> None:
    """Cached renditions and pages describe the database as it was before the restore.
    Only this site's keys go (django-redis honours the key prefix), never a whole Redis.
    Without Redis the cache is each process's own: the new content generation tells the
    running site's processes that every page they keep is out of date."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()
    purge_all()
