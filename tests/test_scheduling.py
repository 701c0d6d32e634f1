"""The order tests are handed to the parallel workers in (tests/scheduling.py): slow tests
first, never across pytest-django's groups."""

from types import SimpleNamespace

import pytest

from tests.scheduling import django_group


def item(*fixtures, marker=None):
    return SimpleNamespace(fixturenames=list(fixtures), get_closest_marker=lambda name: marker)


def test_tests_fall_in_the_groups_pytest_django_keeps_in_order():
    assert django_group(item("db", "client")) == 0
    assert django_group(item("live_demo", "live_server", "db")) == 1
    assert django_group(item("transactional_db")) == 1
    assert django_group(item(marker=pytest.mark.django_db(transaction=True).mark)) == 1
    assert django_group(item(marker=pytest.mark.django_db.mark)) == 0
    assert django_group(item("tmp_path")) == 2


def test_in_this_run_slow_tests_come_first_within_their_group(request):
    items = request.session.items
    groups = [django_group(each) for each in items]
    assert groups == sorted(groups), "a test that needs the demo would run after one that emptied the database"
    for group in set(groups):
        members = [each for each, g in zip(items, groups, strict=True) if g == group]
        slow = [each.get_closest_marker("slow") is not None for each in members]
        assert slow == sorted(slow, reverse=True), f"a slow test waits behind quick ones in group {group}"
