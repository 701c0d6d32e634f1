"""A guest blogger who posts the publish action directly, by every route the admin has
for it, leaves their post a draft: nothing goes live and the audit log records no
publication."""

import pytest

from django.urls import reverse

from wagtail.models import Page, PageLogEntry

from blog.models import BlogPostPage
from core.models import Person
from tests.admin_forms import add_page_url, edit_page_url, post_form
from tests.editorial_fixtures import committed


def published_in_log(page) -> bool:
    return PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").exists()


def still_a_draft(page):
    page = Page.objects.get(pk=page.pk)
    assert not page.live
    assert page.first_published_at is None
    assert not published_in_log(page)


@pytest.fixture
def guest(client, guest_a):
    client.force_login(guest_a)
    return client


def edit_form(post, **fields):
    return post_form(title=post.title, slug=post.slug, **fields)


def test_publishing_from_the_editor(guest, draft_of_a):
    response = guest.post(edit_page_url(draft_of_a), edit_form(draft_of_a, **{"action-publish": "action-publish"}))
    assert response.status_code in (200, 302, 403)
    still_a_draft(draft_of_a)


def test_publishing_a_new_post_as_it_is_created(guest, blog_index):
    guest.post(add_page_url(BlogPostPage, blog_index), post_form(title="Straight out", **{"action-publish": "1"}))
    for post in BlogPostPage.objects.filter(title="Straight out"):
        still_a_draft(post)


def test_publishing_through_the_bulk_action(guest, draft_of_a):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish")) + f"?id={draft_of_a.pk}"
    guest.post(url, {"include_descendants": ""})
    still_a_draft(draft_of_a)


def test_approving_their_own_submission(guest, draft_of_a):
    with committed():
        response = guest.post(edit_page_url(draft_of_a), edit_form(draft_of_a, **{"action-submit": "1"}))
    assert response.status_code == 302
    post = BlogPostPage.objects.get(pk=draft_of_a.pk)
    task_state = post.current_workflow_state.current_task_state
    with committed():
        response = guest.post(
            reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", task_state.pk]), {"comment": ""}
        )
    assert response.status_code in (302, 403)
    with committed():
        guest.post(
            edit_page_url(post),
            edit_form(post, **{"action-workflow-action": "1", "workflow-action-name": "approve"}),
        )
    still_a_draft(post)
    post.current_workflow_state.refresh_from_db()
    assert post.current_workflow_state.current_task_state.status == "in_progress", "the review still waits"


def test_the_editor_can_publish_by_the_same_route(client, editor, guest_a, draft_of_a):
    """The route above is real: someone allowed to publish does publish through it."""
    client.force_login(editor)
    author = Person.objects.get(user=guest_a)
    data = post_form([author.pk], title=draft_of_a.title, slug=draft_of_a.slug, **{"action-publish": "action-publish"})
    client.post(edit_page_url(draft_of_a), data)
    assert Page.objects.get(pk=draft_of_a.pk).live
    assert published_in_log(draft_of_a)
