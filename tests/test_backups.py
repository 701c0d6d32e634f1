"""Backups and restore (make backup / make restore): the demo site is backed up, restored
into an empty (wiped) database and media folder by another process, and comes back
whole: the same pages at the same addresses, every revision, every media file."""

import json
import re
import tarfile

from wagtail.models import Page

from ops.backups import site_inventory
from tests.production import DEMO_MEDIA, run_python

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
    # The manifest records what the site held: here, the demo as this test run built it.
    inventory = manifest["inventory"]
    assert inventory == {**site_inventory(), "media": inventory["media"]}
    assert inventory["pages"] == Page.objects.exclude(depth=1).count() > 20
    assert "/home/2017/blog/power-on-power/" in inventory["urls"]
    assert sorted(inventory["media"]) == sorted(DEMO_MEDIA)


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

    # Over a site that has changed since: refused without --replace, leaving it as it was;
    # with it, the site is exactly the backup again (the deleted post and file are back,
    # the file added since is gone).
    outcome = json.loads(
        run_python(scratch_site.env(), DAMAGE_THEN_RESTORE.replace("ARCHIVE", repr(str(archive)))).splitlines()[-1]
    )
    assert outcome["refused"] == "Nothing was changed. To go ahead, run the same command again with --replace."
    assert outcome["unchanged"]
    assert outcome["damaged"]["pages"] == manifest["inventory"]["pages"] - 1
    assert outcome["restored"] == manifest["inventory"]
    assert not (scratch_site.media_root / "stray.txt").exists()


def test_restore_says_what_it_would_replace_and_changes_nothing_without_the_flag(demo_archive, scratch_site):
    archive, manifest = demo_archive
    result = scratch_site.restore(archive, check=False)
    assert result.returncode == 1
    assert f"Restoring {archive.name} (made {manifest['created']}) would:" in result.stdout
    assert "replace the media folder" in result.stdout
    assert "Everything in them now that is not in the backup would be lost." in result.stdout
    assert "Nothing was changed. To go ahead, run the same command again with --replace." in result.stderr
    assert not scratch_site.media_root.exists()


def test_restore_refuses_a_file_that_is_not_a_backup(scratch_site, tmp_path):
    bogus = tmp_path / "holiday-photos.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        tar.add(__file__, arcname="../../etc/evil.py")
    result = scratch_site.restore(bogus, "--replace", check=False)
    assert result.returncode == 1
    assert "is not a CoProWeek backup archive" in result.stderr
