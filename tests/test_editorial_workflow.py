"""The review workflow, driven through the admin's own URLs: a guest blogger submits, a
moderator approves or asks for changes; the people concerned hear of it by email, sent
once the change is committed (hence `committed()`)."""

import logging
import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowState, WorkflowTask

from blog.models import BlogPostPage
from editorial.roles import MODERATORS
from tests.admin_forms import add_page_url, comment_on, edit_page_url, existing_authors, post_form
from tests.editorial_fixtures import committed, draft_post
from tests.factories import UserFactory


def submit_new_post(client, guest, blog_index, title="Sharing power in Fife"):
    client.force_login(guest)
    with committed():
        response = client.post(add_page_url(BlogPostPage, blog_index), post_form(title=title, **{"action-submit": "1"}))
    assert response.status_code == 302
    return BlogPostPage.objects.get(title=title)


def act(client, user, post, action, comment=""):
    """Approve or reject ("reject" is "Request changes") as the reviewer's buttons do."""
    client.force_login(user)
    task_state = post.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, action, task_state.pk])
    with committed():
        return client.post(url, {"comment": comment})


def sent_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_submit_then_approve_publishes_and_tells_everyone(client, guest_a, guest_b, moderator, blog_index):
    post = submit_new_post(client, guest_a, blog_index)

    assert [author.person.user for author in post.authors.all()] == [guest_a], "credited to the guest's person"
    assert not post.live
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert post.current_workflow_state.workflow.name == "Editorial review"
    [to_moderator] = sent_to(moderator.email)
    assert "Sharing power in Fife" in to_moderator.subject
    assert not sent_to(guest_a.email)
    assert not sent_to(guest_b.email)

    client.force_login(moderator)
    assert "Sharing power in Fife" in client.get(reverse("wagtailadmin_home")).content.decode(), "awaiting review"
    response = act(client, moderator, post, "approve")

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
    client.logout()
    assert client.get(post.url).status_code == 200
    [approval] = sent_to(guest_a.email)
    assert "Approved" in approval.subject
    assert post.full_url in approval.body


def test_request_changes_returns_the_draft_with_the_comment(client, guest_a, moderator, blog_index):
    post = submit_new_post(client, guest_a, blog_index)
    act(client, moderator, post, "reject", comment="Please add a photo credit for the picture.")

    post = BlogPostPage.objects.get(pk=post.pk)
    assert not post.live
    assert post.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    [rejection] = sent_to(guest_a.email)
    assert "Please add a photo credit for the picture." in rejection.body

    client.force_login(guest_a)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Changes requested" in dashboard
    assert "Please add a photo credit for the picture." in dashboard
    editor_page = client.get(edit_page_url(post)).content.decode()
    assert "Changes requested by Moderator" in editor_page
    assert "Please add a photo credit for the picture." in editor_page

    # The author can edit the draft again and send it back for review.
    response = client.post(
        edit_page_url(post),
        post_form(title="Sharing power in Fife", slug=post.slug, summary="With credits.", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    post = BlogPostPage.objects.get(pk=post.pk)
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert post.get_latest_revision_as_object().summary == "With credits."


def test_approval_comment_reaches_the_author(client, guest_a, moderator, blog_index):
    post = submit_new_post(client, guest_a, blog_index)
    act(client, moderator, post, "approve", comment="Lovely piece, published for Tuesday.")

    [approval] = sent_to(guest_a.email)
    assert "Lovely piece, published for Tuesday." in approval.body


def test_comment_in_the_editor_reaches_the_author(client, guest_a, moderator, blog_index):
    post = submit_new_post(client, guest_a, blog_index)
    client.force_login(moderator)
    data = post_form(
        title=post.title,
        slug=post.slug,
        authors=existing_authors(post),
        comments=comment_on("title", "Could the title name the council?"),
    )
    with committed():
        response = client.post(edit_page_url(post), data)

    assert response.status_code == 302
    [notice] = sent_to(guest_a.email)
    assert "Could the title name the council?" in notice.body


def test_every_step_of_a_longer_workflow_reaches_the_author(client, guest_a, moderator, editor, blog_index):
    """Wagtail tells the author nothing when an early step approves; ours does."""
    workflow = Workflow.objects.get(name="Editorial review")
    second = GroupApprovalTask.objects.create(name="Legal check")
    second.groups.set(editor.groups.all())
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=1)

    post = submit_new_post(client, guest_a, blog_index)
    act(client, moderator, post, "approve", comment="Fine by me.")
    [step] = sent_to(guest_a.email)
    assert "Moderator review" in step.body
    assert "Fine by me." in step.body

    act(client, editor, BlogPostPage.objects.get(pk=post.pk), "reject", comment="Remove the client's name.")
    assert "Remove the client's name." in sent_to(guest_a.email)[-1].body
    assert not Page.objects.get(pk=post.pk).live


class RefusingBackend(BaseEmailBackend):
    def open(self):
        raise smtplib.SMTPAuthenticationError(535, b"Authentication failed")

    def send_messages(self, messages):
        self.open()


def test_a_mail_server_failure_loses_no_submission(client, guest_a, moderator, blog_index, settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with caplog.at_level(logging.ERROR, logger="editorial.notifications"):
        post = submit_new_post(client, guest_a, blog_index)

    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "Could not send the 'submitted' notification" in caplog.text


def test_a_post_in_review_is_locked_for_its_author(client, guest_a, moderator, blog_index):
    post = submit_new_post(client, guest_a, blog_index)
    response = client.post(edit_page_url(post), post_form(title="Changed during review", slug=post.slug))

    assert response.status_code == 200, "the editor is shown again, locked"
    assert BlogPostPage.objects.get(pk=post.pk).get_latest_revision_as_object().title == "Sharing power in Fife"


def test_a_page_lock_is_honoured(client, guest_a, moderator, blog_index):
    draft = draft_post(blog_index, guest_a, title="A draft being checked")
    client.force_login(moderator)
    assert client.post(reverse("wagtailadmin_pages:lock", args=[draft.pk])).status_code == 302

    client.force_login(guest_a)
    client.post(edit_page_url(draft), post_form(title="Changed while locked", slug=draft.slug))

    draft = BlogPostPage.objects.get(pk=draft.pk)
    assert draft.locked
    assert draft.locked_by == moderator
    assert draft.get_latest_revision_as_object().title == "A draft being checked"


def test_editors_publish_a_submitted_post_directly(client, guest_a, editor, blog_index):
    post = submit_new_post(client, guest_a, blog_index)
    client.force_login(editor)
    data = post_form(title=post.title, slug=post.slug, authors=existing_authors(post), **{"action-publish": "1"})
    client.post(edit_page_url(post), data)

    assert Page.objects.get(pk=post.pk).live


def test_only_reviewers_and_no_superuser_are_asked_to_review(client, guest_a, moderator, blog_index):
    UserFactory(username="root-admin", is_superuser=True)
    another_moderator = UserFactory(username="moderator2", groups=[MODERATORS])
    submit_new_post(client, guest_a, blog_index)

    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [moderator.email, another_moderator.email]
    )
