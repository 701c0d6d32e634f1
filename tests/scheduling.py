"""Which test runs when, so that the parallel workers (pytest-xdist) finish together.

A run is bound by the CPU, and it ends when its last worker does: a test of a minute
handed out near the end kept one worker busy while the other had nothing left. So tests
marked `slow` run first, and `--maxschedchunk=1` (pyproject.toml) hands each worker its
next test only as it finishes one: the slow tests are shared out while there is plenty
left for the other worker, and a run ends on short tests that both workers share.

pytest-django orders the tests in groups that must stay in that order on every worker:
tests inside a rolled-back transaction, then tests after which the database is emptied
(the live server's), then tests without a database. A plain test handed out after a
live-server test would find the database empty; so slow tests move only to the front
of their own group.
"""

import pytest
from pytest_django.fixtures import validate_django_db


def django_group(item: pytest.Item) -> int:
    """The group pytest-django puts a test in: 0 rolled back, 1 emptied after, 2 no database."""
    fixtures = getattr(item, "fixturenames", [])
    marker = item.get_closest_marker("django_db")
    transaction, reset_sequences, *_ = validate_django_db(marker) if marker else (False, False)
    if transaction or reset_sequences or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    if marker or "db" in fixtures:
        return 0
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    groups = {item.nodeid: django_group(item) for item in items}
    if [groups[item.nodeid] for item in items] != sorted(groups.values()):
        raise pytest.UsageError(
            "tests/scheduling.py no longer sees the groups pytest-django orders tests in; "
            "moving slow tests could run a test after the database was emptied. Update django_group()."
        )
    items.sort(key=lambda item: (groups[item.nodeid], item.get_closest_marker("slow") is None))
