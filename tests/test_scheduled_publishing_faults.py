"""`publish_scheduled` (editorial/management/commands/publish_scheduled.py) when things go
wrong: a revision that cannot be loaded does not stop the others, and two runs at once
on PostgreSQL publish a page once, with one entry in the audit log."""

import datetime
import logging
import subprocess
import sys
import textwrap

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, Revision

from tests.editorial_fixtures import draft_post
from tests.production import PROJECT, on_postgresql


def schedule(post, minutes_ago=5):
    revision = post.latest_revision
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return revision


def scheduled_publications(page) -> int:
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish.scheduled").count()


def test_a_broken_revision_is_skipped_and_the_others_published(blog_index, guest_a, caplog):
    first = draft_post(blog_index, guest_a, title="First due")
    broken = draft_post(blog_index, guest_a, title="Broken")
    last = draft_post(blog_index, guest_a, title="Last due")
    for minutes_ago, post in ((30, first), (20, broken), (10, last)):
        schedule(post, minutes_ago)
    bad = broken.latest_revision
    Revision.objects.filter(pk=bad.pk).update(content={**bad.content, "release_date": "the twelfth of never"})

    with caplog.at_level(logging.ERROR, logger="editorial.scheduling"), pytest.raises(CommandError) as failed:
        call_command("publish_scheduled", verbosity=0)

    assert Page.objects.get(pk=first.pk).live
    assert Page.objects.get(pk=last.pk).live, "published after the broken one"
    assert not Page.objects.get(pk=broken.pk).live
    assert f"revision {bad.pk}" in str(failed.value)
    assert "A scheduled change failed" in caplog.text
    assert (scheduled_publications(first), scheduled_publications(last)) == (1, 1)


def test_a_run_with_nothing_broken_succeeds_and_a_second_does_nothing(blog_index, guest_a):
    post = draft_post(blog_index, guest_a, title="Due")
    schedule(post)
    call_command("publish_scheduled", verbosity=0)
    call_command("publish_scheduled", verbosity=0)
    assert Page.objects.get(pk=post.pk).live
    assert scheduled_publications(post) == 1


def test_an_expired_page_is_unpublished_once(blog_index, guest_a):
    post = draft_post(blog_index, guest_a, title="Expiring")
    post.save_revision(user=guest_a).publish()
    Page.objects.filter(pk=post.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    call_command("publish_scheduled", verbosity=0)
    page = Page.objects.get(pk=post.pk)
    assert (page.live, page.expired) == (False, True)
    assert PageLogEntry.objects.filter(page_id=post.pk, action="wagtail.unpublish.scheduled").count() == 1


# Two runs in threads of one process, on a scratch copy of the demo where their commits
# are real. Both are held at the moment of publishing until the other arrives (or two
# seconds pass), so without the row lock both would publish.
TWO_RUNS = textwrap.dedent(
    """
    import datetime, threading
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import PageLogEntry, Revision
    from blog.models import BlogPostPage

    post = BlogPostPage.objects.filter(live=True).first()
    post.unpublish()
    revision = post.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    before = PageLogEntry.objects.filter(page_id=post.pk, action="wagtail.publish.scheduled").count()

    both_there = threading.Barrier(2)
    publish = Revision.publish

    def publish_when_both_are_there(self, *args, **kwargs):
        try:
            both_there.wait(timeout=2)
        except threading.BrokenBarrierError:
            pass
        return publish(self, *args, **kwargs)

    Revision.publish = publish_when_both_are_there
    start = threading.Barrier(2)

    def run():
        start.wait()
        try:
            call_command("publish_scheduled", verbosity=0)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    post.refresh_from_db()
    after = PageLogEntry.objects.filter(page_id=post.pk, action="wagtail.publish.scheduled").count()
    print(post.live, after - before)
    """
)


@pytest.mark.skipif(not on_postgresql(), reason="the overlap is guarded by PostgreSQL's row locks")
@pytest.mark.slow
def test_two_runs_at_once_publish_once(demo_archive, scratch_site):
    scratch_site.restore(demo_archive[0], "--replace")
    result = subprocess.run(
        [sys.executable, "-c", TWO_RUNS], cwd=PROJECT, env=scratch_site.env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "1"], "published, once"
