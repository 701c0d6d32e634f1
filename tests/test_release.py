"""The release's fingerprint (core/release.py): what a deploy changes, so that pages,
fragments and cards rendered by the previous release are never served by the next."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import EventPage
from core import release
from core.page_cache import HIT_HEADER


@pytest.fixture
def new_release(monkeypatch):
    """Deploy a new release: the fingerprint every key of rendered HTML holds changes."""

    def deploy(name: str):
        monkeypatch.setattr(release, "fingerprint", lambda: name)

    return deploy


def test_a_changed_template_or_module_changes_the_fingerprint(tmp_path):
    app = tmp_path / "app"
    (app / "templates" / "app").mkdir(parents=True)
    template = app / "templates" / "app" / "card.html"
    template.write_text("<article>{{ page.title }}</article>")
    (app / "models.py").write_text("TITLE = 1\n")
    before = release.digest_of([app])
    assert release.digest_of([app]) == before  # the same files, the same release
    template.write_text("<article class='card'>{{ page.title }}</article>")
    after_template = release.digest_of([app])
    assert after_template != before
    (app / "models.py").write_text("TITLE = 2\n")
    assert release.digest_of([app]) not in {before, after_template}


def test_the_static_files_manifest_is_part_of_it(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "views.py").write_text("")
    manifest = tmp_path / "staticfiles.json"
    manifest.write_text('{"paths": {"css/site.css": "css/site.0123abcd.css"}}')
    before = release.digest_of([app], [manifest])
    manifest.write_text('{"paths": {"css/site.css": "css/site.4567ef01.css"}}')
    assert release.digest_of([app], [manifest]) != before


def test_a_release_named_by_the_deploy_is_used(monkeypatch):
    release.fingerprint.cache_clear()
    monkeypatch.setenv("RELEASE_ID", "git 1a2b3c4 (main)")
    try:
        named = release.fingerprint()
        assert named.isalnum()  # safe in any cache backend's keys
        release.fingerprint.cache_clear()
        monkeypatch.setenv("RELEASE_ID", "git 5d6e7f8 (main)")
        assert release.fingerprint() != named
    finally:
        monkeypatch.delenv("RELEASE_ID")
        release.fingerprint.cache_clear()


def test_the_project_is_fingerprinted_without_its_virtual_environment():
    folders = release.project_folders()
    assert {folder.name for folder in folders} >= {"core", "campaign", "blog", "site_config"}
    assert not [folder for folder in folders if ".venv" in folder.parts or "site-packages" in folder.parts]


def test_a_new_release_renders_pages_afresh(demo, client, settings, new_release):
    settings.PAGE_CACHE_ENABLED = True
    new_release("release-one")
    client.get("/2017/")
    assert client.get("/2017/")[HIT_HEADER] == "hit"
    new_release("release-two")
    assert client.get("/2017/")[HIT_HEADER] == "miss"


def test_a_new_release_renders_cards_afresh(demo, client, settings, new_release):
    settings.PAGE_CACHE_ENABLED = False
    day = EventPage.objects.live().filter(date__year=2017, hosts__isnull=False).first().get_parent()
    new_release("release-one")
    client.get(day.url)
    with CaptureQueriesContext(connection) as same_release:
        client.get(day.url)
    new_release("release-two")
    with CaptureQueriesContext(connection) as next_release:
        client.get(day.url)
    # The cards are rendered again: their events' hosts are read.
    assert "campaign_eventhost" not in " ".join(q["sql"] for q in same_release)
    assert "campaign_eventhost" in " ".join(q["sql"] for q in next_release)
    assert len(next_release) > len(same_release)
