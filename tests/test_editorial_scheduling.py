"""Scheduled release: staff set a go-live time in the editor; the post stays private until
`publish_scheduled` (run every minute from cron) runs after that time."""

import datetime
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from blog.models import BlogPostPage
from campaign.models import ProgrammeDayPage
from tests.admin_forms import edit_page_url, existing_authors, post_form
from tests.editorial_fixtures import draft_post
from tests.test_editorial_workflow import act, submit_new_post


def publish_scheduled_at(moment):
    """`publish_scheduled` as cron would run it at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        call_command("publish_scheduled", verbosity=0)


def test_a_post_goes_live_at_its_scheduled_time(client, guest_a, moderator, blog_index):
    post = submit_new_post(client, guest_a, blog_index, title="Tuesday's post")
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    go_live = go_live.replace(hour=9, minute=0, second=0, microsecond=0)

    # The moderator sets the release time in the editor, then approves.
    client.force_login(moderator)
    data = post_form(
        title=post.title,
        slug=post.slug,
        release_date="2017-11-28",
        authors=existing_authors(post),
        go_live_at=go_live.strftime("%d/%m/%Y %H:%M"),
    )
    assert client.post(edit_page_url(post), data).status_code == 302
    act(client, moderator, BlogPostPage.objects.get(pk=post.pk), "approve")

    post = BlogPostPage.objects.get(pk=post.pk)
    assert not post.live
    assert post.approved_schedule
    client.logout()
    assert client.get("/2017/blog/tuesdays-post/").status_code == 404

    publish_scheduled_at(go_live - datetime.timedelta(minutes=1))
    assert client.get("/2017/blog/tuesdays-post/").status_code == 404, "not a minute early"

    publish_scheduled_at(go_live + datetime.timedelta(seconds=30))
    assert client.get("/2017/blog/tuesdays-post/").status_code == 200
    day = ProgrammeDayPage.objects.get(date=datetime.date(2017, 11, 28))
    assert "Tuesday&#x27;s post" in client.get(day.url).content.decode(), "listed on its programme day"


def test_a_guest_blogger_cannot_set_a_release_time(client, guest_a, blog_index):
    client.force_login(guest_a)
    add_form = client.get(f"/admin/pages/add/blog/blogpostpage/{blog_index.pk}/").content.decode()
    assert 'name="go_live_at"' not in add_form
    assert "schedule-publishing-dialog" not in add_form, "no 'Set schedule' button"

    # A go-live time forged into the form is ignored; the rest is saved.
    post = draft_post(blog_index, guest_a, title="Eager post")
    data = post_form(title=post.title, slug=post.slug, summary="Saved.", go_live_at="01/01/2030 09:00")
    assert client.post(edit_page_url(post), data).status_code == 302
    draft = BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert draft.summary == "Saved."
    assert draft.go_live_at is None
