"""The guest blogger's dashboard: their own posts and where each one is in review."""

from dataclasses import dataclass

from django.urls import reverse

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from blog.models import BlogIndexPage, BlogPostPage


@dataclass
class ReviewState:
    label: str
    detail: str = ""
    comment: str = ""


def review_state(post) -> ReviewState:
    """In words a guest blogger understands; expects `prefetch_workflow_states()` and
    `annotate_approved_schedule()` on the post's queryset."""
    state = post.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ReviewState("In review", f"Waiting for {state.current_task_state.task.name}.")
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ReviewState(
            "Changes requested",
            "Make the changes, then submit it again.",
            comment=state.current_task_state.comment,
        )
    if post.approved_schedule:
        scheduled = post.get_scheduled_revision_as_object()
        go_live = scheduled.go_live_at if scheduled else None
        return ReviewState("Approved and scheduled", f"Goes live on {go_live:%d %B %Y at %H:%M}." if go_live else "")
    if post.live:
        if post.has_unpublished_changes:
            return ReviewState("Published", "Your latest changes are a draft: submit them for review.")
        return ReviewState("Published")
    return ReviewState("Draft", "Not submitted for review yet.")


class YourPostsPanel(Component):
    name = "your_posts"
    template_name = "editorial/dashboard/your_posts.html"
    order = 100

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        user = request.user
        # Plain pages: Wagtail prefetches workflow states for those, not for a page type's own queryset.
        posts = (
            Page.objects.type(BlogPostPage)
            .filter(owner=user)
            .prefetch_workflow_states()
            .annotate_approved_schedule()
            .order_by("-latest_revision_created_at")
        )
        indexes = [
            index
            for index in BlogIndexPage.objects.select_related("locale").order_by("-path")
            if index.permissions_for_user(user).can_add_subpage()
        ]
        return {
            **super().get_context_data(parent_context),
            "posts": [(post, review_state(post)) for post in posts],
            "new_post_links": [
                (
                    index.campaign_year.title if index.campaign_year else index.title,
                    reverse("wagtailadmin_pages:add", args=("blog", "blogpostpage", index.pk)),
                )
                for index in indexes
            ],
            "request": request,
        }
