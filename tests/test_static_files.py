"""Production's static files storage (core/static_files.py): fingerprinted addresses,
each worked out once per process."""

import pytest

from core.static_files import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.hashed_files = {"css/site.css": "css/site.0123abcd.css"}
    return storage


def test_a_static_file_is_named_by_its_fingerprint(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"


def test_the_address_is_kept_until_the_process_ends(storage):
    storage.url("css/site.css")
    # A deploy writes a new manifest, and starts new processes to read it.
    storage.hashed_files = {"css/site.css": "css/site.feedbeef.css"}
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    fresh = StaticFilesStorage(location=storage.location, base_url="/static/")
    fresh.hashed_files = storage.hashed_files
    assert fresh.url("css/site.css") == "/static/css/site.feedbeef.css"


def test_a_file_missing_from_the_manifest_is_an_error_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry for 'js/gone.js'"):
            storage.url("js/gone.js")
