"""With the mail server refusing connections (the real SMTP backend, pointed at a port
where nothing listens), everything that sends email still does its work: submissions and
invitations are stored, workflow steps and comments are saved, the person sees the page
they expect, never a 500, and the failure is in the log."""

import logging

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.models import Comment, Page, WorkflowState

from blog.models import BlogPostPage
from ops.server import free_port
from submissions.models import EventSubmission, StorySubmission
from tests.admin_forms import add_page_url, comment_on, edit_page_url, existing_authors, post_form
from tests.editorial_fixtures import committed
from tests.submission_fixtures import event_data, jpeg, story_data


@pytest.fixture
def smtp_refused(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there: connection refused
    settings.EMAIL_TIMEOUT = 2


def logged_failure(caplog) -> bool:
    return any(record.levelno >= logging.ERROR and record.exc_info for record in caplog.records)


def test_an_event_submission_is_stored_and_confirmed(client, event_form, smtp_refused, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.post(event_form.url, event_data(), REMOTE_ADDR="203.0.113.7", follow=True)
    assert response.status_code == 200
    assert "thank-you" in response.redirect_chain[-1][0]
    assert EventSubmission.objects.filter(title="Sharing power in Fife").count() == 1
    assert logged_failure(caplog)


def test_a_story_with_a_photo_is_stored_and_confirmed(client, story_form, smtp_refused, caplog):
    data = story_data(photo_1=jpeg("group.jpg"), caption_1="The group.")
    with caplog.at_level(logging.ERROR):
        response = client.post(story_form.url, data, REMOTE_ADDR="203.0.113.7", follow=True)
    assert response.status_code == 200
    assert "thank-you" in response.redirect_chain[-1][0]
    story = StorySubmission.objects.get()
    assert story.photos.count() == 1
    assert logged_failure(caplog)


def test_an_invitation_from_the_admin_is_stored(admin_client, demo, smtp_refused, caplog):
    with caplog.at_level(logging.ERROR):
        response = admin_client.post(
            reverse("editorial_invite_guest_blogger"), {"email": "ana@example.org", "name": "Ana Silva"}, follow=True
        )
    assert response.status_code == 200
    assert get_user_model().objects.filter(email="ana@example.org").exists()
    # The page says the email did not go, so the link can be passed on another way.
    assert "/admin/password_reset/confirm/" in response.content.decode()


# --- Wagtail's own notifications, sent while the review workflow moves -------------------
def submit(client, guest, blog_index):
    client.force_login(guest)
    with committed():
        response = client.post(
            add_page_url(BlogPostPage, blog_index), post_form(title="Sharing power", **{"action-submit": "1"})
        )
    assert response.status_code == 302
    return BlogPostPage.objects.get(title="Sharing power")


def act(client, user, post, action):
    client.force_login(user)
    task_state = post.current_workflow_state.current_task_state
    with committed():
        return client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, action, task_state.pk]), {"comment": "Fine."}
        )


def test_submitting_and_approving_work_with_mail_down(client, guest_a, moderator, blog_index, smtp_refused, caplog):
    with caplog.at_level(logging.ERROR):
        post = submit(client, guest_a, blog_index)
        assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        response = act(client, moderator, post, "approve")
    assert response.status_code == 302
    assert Page.objects.get(pk=post.pk).live
    assert "notification sending skipped" in caplog.text


def test_requesting_changes_works_with_mail_down(client, guest_a, moderator, blog_index, smtp_refused, caplog):
    post = submit(client, guest_a, blog_index)
    with caplog.at_level(logging.ERROR):
        response = act(client, moderator, post, "reject")
    assert response.status_code == 302
    assert WorkflowState.objects.get(object_id=str(post.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "notification sending skipped" in caplog.text


def test_a_comment_is_saved_with_mail_down(client, guest_a, moderator, blog_index, smtp_refused, caplog):
    post = submit(client, guest_a, blog_index)
    client.force_login(moderator)
    data = post_form(
        title=post.title, slug=post.slug, authors=existing_authors(post), comments=comment_on("title", "Name the town?")
    )
    with caplog.at_level(logging.ERROR), committed():
        response = client.post(edit_page_url(post), data)
    assert response.status_code == 302
    assert Comment.objects.filter(page=post, text="Name the town?").exists()
    assert "Could not send the comment notifications" in caplog.text
