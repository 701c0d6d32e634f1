"""Backups and restore (make backup / make restore): the demo site is backed up, restored
into an empty (wiped) database and media folders by another process, and comes back
whole: the same pages at the same addresses, every revision, every media file, every
story photo awaiting review."""

import contextlib
import io
import json
import re
import tarfile

import pytest

from wagtail.models import Page

from ops.backups import BackupError, restore_plan, site_inventory, unpack
from tests.production import DEMO_MEDIA, DEMO_PRIVATE_MEDIA, run_manage, run_python, write_files

# Run in the restored site's own process: what it holds, and how each page answers.
INSPECT = """
import json, django
django.setup()
from django.test import Client
from wagtail.models import Page
from ops.backups import site_inventory
client = Client()
answers = {page.url: client.get(page.url).status_code for page in Page.objects.live().specific() if page.depth > 1}
print(json.dumps({"inventory": site_inventory(), "answers": answers}))
"""

DAMAGE_THEN_RESTORE = """
import json, django
django.setup()
from pathlib import Path
from django.conf import settings
from django.core.management import call_command, CommandError
from wagtail.models import Page
from ops.backups import site_inventory
media = Path(settings.MEDIA_ROOT)
Page.objects.get(url_path="/home/2017/blog/power-on-power/").delete()
(media / "documents/programme-2017.pdf").unlink()
(media / "stray.txt").write_text("not in the backup")
for photo in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.jpg"):
    photo.unlink()
damaged = site_inventory()
try:
    call_command("restore", ARCHIVE)
    refused = ""
except CommandError as exc:
    refused = str(exc)
unchanged = site_inventory() == damaged
call_command("restore", ARCHIVE, replace=True)
print(json.dumps({"refused": refused, "unchanged": unchanged, "damaged": damaged, "restored": site_inventory()}))
"""


def inspect(site) -> dict:
    return json.loads(run_python(site.env(), INSPECT).strip().splitlines()[-1])


def test_a_backup_is_one_dated_archive_of_database_and_media(demo_archive, demo):
    archive, manifest = demo_archive
    assert re.fullmatch(r"coproweek-backup-\d{4}-\d\d-\d\dT\d{6}Z\.tar\.gz", archive.name)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    database_file = "database.pgdump" if manifest["engine"] == "postgresql" else "database.sqlite3"
    assert {"manifest.json", database_file} <= names
    assert {f"media/{name}" for name in DEMO_MEDIA} <= names
    assert {f"private-media/{name}" for name in DEMO_PRIVATE_MEDIA} <= names
    assert manifest["elsewhere"] == {}
    # The manifest records what the site held: here, the demo as this test run built it.
    inventory = manifest["inventory"]
    assert inventory == {**site_inventory(), "media": inventory["media"], "private-media": inventory["private-media"]}
    assert inventory["pages"] == Page.objects.exclude(depth=1).count() > 20
    assert "/home/2017/blog/power-on-power/" in inventory["urls"]
    assert sorted(inventory["media"]) == sorted(DEMO_MEDIA)
    assert sorted(inventory["private-media"]) == sorted(DEMO_PRIVATE_MEDIA)


@pytest.mark.slow
def test_restoring_into_a_wiped_site_brings_everything_back(demo_archive, scratch_site, demo):
    archive, manifest = demo_archive
    # The scratch site starts wiped: an empty database, no media folder.
    result = scratch_site.restore(archive, "--replace")
    assert "which now holds no site (no tables)" in result.stdout
    assert f"Restored {manifest['inventory']['pages']} pages" in result.stdout

    restored = inspect(scratch_site)
    assert restored["inventory"] == manifest["inventory"]
    assert restored["inventory"]["revisions"] > 0
    assert set(restored["answers"]) == {page.url for page in Page.objects.live().exclude(depth=1)}
    assert set(restored["answers"].values()) == {200}, "every page of the restored site answers"
    for name, data in DEMO_MEDIA.items():
        assert (scratch_site.media_root / name).read_bytes() == data
    for name, data in DEMO_PRIVATE_MEDIA.items():
        assert (scratch_site.private_media_root / name).read_bytes() == data

    # Over a site that has changed since: refused without --replace, leaving it as it was;
    # with it, the site is exactly the backup again (the deleted post, file and story
    # photo are back, the file added since is gone).
    outcome = json.loads(
        run_python(scratch_site.env(), DAMAGE_THEN_RESTORE.replace("ARCHIVE", repr(str(archive)))).splitlines()[-1]
    )
    assert outcome["refused"] == "Nothing was changed. To go ahead, run the same command again with --replace."
    assert outcome["unchanged"]
    assert outcome["damaged"]["pages"] == manifest["inventory"]["pages"] - 1
    assert outcome["damaged"]["private-media"] == {}
    assert outcome["restored"] == manifest["inventory"]
    assert not (scratch_site.media_root / "stray.txt").exists()


def test_restore_says_what_it_would_replace_and_changes_nothing_without_the_flag(demo_archive, scratch_site):
    archive, manifest = demo_archive
    result = scratch_site.restore(archive, check=False)
    assert result.returncode == 1
    assert f"Restoring {archive.name} (made {manifest['created']}) would:" in result.stdout
    assert "replace the media folder" in result.stdout
    assert f"replace the private media folder {scratch_site.private_media_root} (0 files now)" in result.stdout
    assert "Everything in what it replaces that is not in the backup would be lost." in result.stdout
    assert "Nothing was changed. To go ahead, run the same command again with --replace." in result.stderr
    assert not scratch_site.media_root.exists()
    assert not scratch_site.private_media_root.exists()
    if scratch_site.database_url.startswith("sqlite"):
        # On a fresh machine the SQLite file does not exist, and asking it what it holds
        # must not make an empty one.
        assert "which now holds no site (no tables)" in result.stdout
        assert not (scratch_site.base / "site.sqlite3").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(scratch_site, tmp_path):
    bogus = tmp_path / "holiday-photos.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="../../etc/evil.py")
    result = scratch_site.restore(bogus, "--replace", check=False)
    assert result.returncode == 1
    assert "is not a CoProWeek backup archive" in result.stderr


def tampered_archives(folder):
    """Archives that try to write outside the folder they are unpacked into."""
    made = {}
    for name, member in {
        "dot-dot": tarfile.TarInfo("media/../../escaped.txt"),
        "absolute": tarfile.TarInfo(str(folder / "absolute.txt")),
        "link": tarfile.TarInfo("media/link"),
    }.items():
        path = folder / f"{name}.tar"
        if name == "link":
            member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
        with tarfile.open(path, "w") as tar:
            member.size = 0 if name == "link" else 5
            tar.addfile(member, None if name == "link" else io.BytesIO(b"owned"))
        made[name] = path
    return made


@pytest.mark.parametrize("python", ["with extraction filters", "before 3.11.4 (Debian 12)"])
def test_an_archive_that_reaches_outside_its_folder_is_refused_and_writes_nothing(tmp_path, monkeypatch, python):
    if python.startswith("before"):
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    outside = tmp_path / "outside"
    outside.mkdir()
    for name, archive in tampered_archives(outside).items():
        work = outside / "deep" / "work" / name
        work.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            if name == "absolute":
                # Refused before Python 3.11.4; Python's filter unpacks it inside the folder.
                with contextlib.suppress(BackupError):
                    unpack(tar, work)
            else:
                with pytest.raises(BackupError, match="was not restored"):
                    unpack(tar, work)
        assert not (outside / "escaped.txt").exists(), name
        assert not (outside / "deep" / "escaped.txt").exists(), name
        assert not (work / "media" / "link").exists(), name
    assert not (outside / "absolute.txt").exists()


@pytest.mark.parametrize("python", ["with extraction filters", "before 3.11.4 (Debian 12)"])
def test_a_sound_archive_unpacks_its_files_and_folders(tmp_path, monkeypatch, python):
    if python.startswith("before"):
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    archive = tmp_path / "sound.tar"
    with tarfile.open(archive, "w") as tar:
        info = tarfile.TarInfo("media/images/photo.jpg")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"image"))
    work = tmp_path / "work"
    work.mkdir()
    with tarfile.open(archive) as tar:
        unpack(tar, work)
    assert (work / "media" / "images" / "photo.jpg").read_bytes() == b"image"


BUCKET = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {"bucket_name": "coproweek-media", "location": "media"},
}


@pytest.mark.slow
def test_uploads_kept_in_a_bucket_are_said_not_to_be_in_the_backup_and_left_alone_by_a_restore(
    demo_archive, scratch_site, tmp_path
):
    # With several app servers the uploads are in a bucket (MEDIA_S3_BUCKET): an archive
    # that silently held "0 media files" would be a backup nobody can restore from.
    scratch_site.restore(demo_archive[0], "--replace")
    result = run_manage(
        scratch_site.env(MEDIA_S3_BUCKET="coproweek-media"), "backup", "--output-dir", str(tmp_path / "backups")
    )
    assert (
        "The media files are in bucket 'coproweek-media', under media/, not in this backup: "
        "keep them with the bucket's versioning or the provider's backups." in result.stdout
    )
    # Story photos awaiting review are in the bucket too (under private/).
    assert "The private media files are in bucket 'coproweek-media', under private/" in result.stdout
    archive = next((tmp_path / "backups").iterdir())
    with tarfile.open(archive) as tar:
        assert not [name for name in tar.getnames() if name.startswith(("media", "private-media"))]
    manifest, plan = restore_plan(archive)
    assert manifest["inventory"]["media"] is None
    assert manifest["inventory"]["private-media"] is None
    assert "leave the media files as they are: the backup holds none (they were in bucket 'coproweek-media'" in plan


def test_a_restore_into_a_site_whose_uploads_are_in_a_bucket_says_to_copy_them_there(db, demo_archive, settings):
    # Moving to several app servers: the archive has folders, the site now a bucket,
    # which a restore does not write to.
    settings.STORAGES = {**settings.STORAGES, "default": BUCKET}
    _, plan = restore_plan(demo_archive[0])
    assert (
        f"not restore the backup's {len(DEMO_MEDIA)} media files: this site keeps them in bucket "
        "'coproweek-media', under media/; copy them there from the archive's media/ folder;" in plan
    )
    assert "replace the private media folder" in plan


@pytest.mark.slow
def test_a_backup_from_before_private_media_were_backed_up_leaves_them_alone(demo_archive, scratch_site, tmp_path):
    archive, _ = demo_archive
    # Rewritten as the earlier version wrote it: no private-media folder, no such key.
    older = tmp_path / "older.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(older, "w:gz") as target:
        for member in source.getmembers():
            if member.name.startswith("private-media"):
                continue
            data = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.loads(data.read())
                del manifest["inventory"]["private-media"], manifest["elsewhere"]
                data = io.BytesIO(json.dumps(manifest).encode())
                member.size = len(data.getvalue())
            target.addfile(member, data)
    write_files(scratch_site.private_media_root, {"story_photos/sent-since.jpg": b"\xff\xd8 sent since"})
    result = scratch_site.restore(older, "--replace")
    assert "leave the private media files as they are: the backup holds none (they were not backed up" in result.stdout
    assert (scratch_site.private_media_root / "story_photos/sent-since.jpg").read_bytes() == b"\xff\xd8 sent since"
    assert (scratch_site.media_root / "documents/programme-2017.pdf").exists()
