"""The soak (make soak), short: gunicorn with production settings on a copy of the
demo, 32 connections of mixed public traffic and form posts, then the table."""

import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from ops.soak import SoakReport


@pytest.mark.slow
def test_a_short_soak_passes_and_prints_its_table(demo_archive, scratch_site, production_static):
    scratch_site.restore(demo_archive[0], "--replace")
    out = StringIO()
    call_command(
        "soak",
        seconds=5,
        connections=32,
        database_url=scratch_site.database_url,
        static_root=str(production_static),
        stdout=out,
    )
    table = out.getvalue()
    assert "Result: PASS" in table
    assert "32 connections, gunicorn with 2 workers (production settings" in table
    for row in ("home", "page /2017/", "search, 3,000 characters", "static site.", "too many fields", "not found"):
        assert f"\n{row}" in table, row
    assert "worker memory (RSS, MiB)" in table
    form_rows = table.split("\nform posts", 1)[1].splitlines()
    for label in ("failed sign-in", "add your event", "share your story"):
        row = next(line for line in form_rows if line.startswith(f"{label} "))
        accepted, stored_once = (int(n) for n in row.split()[-2:])
        assert accepted > 0, label
        assert stored_once == accepted, f"{label}: every accepted post stored exactly once"


def test_the_soak_fails_on_a_5xx_or_on_memory_growth():
    from ops.loadgen import Results
    from ops.soak import MemorySample

    results = Results()
    results.record("home", 200, 0.01, True)
    report = SoakReport(5, 32, 2, "SQLite", results, MemorySample({1: 100_000}, {1: 105_000}))
    assert report.problems == []
    results.record("home", 502, 0.01, False)
    report.memory.end[1] = 111_000
    assert report.problems == [
        "1 responses were 5xx",
        "unexpected statuses: {502: 1}",
        "worker 1 grew 11.0% after warm-up (limit 10%)",
    ]
    assert "Result: FAIL: 1 responses were 5xx" in report.table()


def test_the_soak_command_fails_when_it_cannot_build_the_site(tmp_path):
    with pytest.raises(CommandError, match="manage.py migrate"):
        call_command(
            "soak", seconds=1, database_url=f"sqlite:///{tmp_path / 'missing' / 'no.sqlite3'}", stdout=StringIO()
        )


def test_counting_what_was_stored_names_a_form_post_the_soak_does_not_have(tmp_path):
    markers = tmp_path / "markers.json"
    markers.write_text(json.dumps({"failed sign-in": ["m1"], "no such form": ["m2"]}))
    with pytest.raises(CommandError, match="No form post called 'no such form' in the soak"):
        call_command("soak_stored", str(markers), stdout=StringIO())
