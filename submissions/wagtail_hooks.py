"""The Inbox menu, the history entries of reviews, the staff-only address of story
photos, and the guard that keeps pages with submissions from being deleted."""

from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin import messages
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from submissions.inbox.events import EventSubmissionInbox
from submissions.inbox.stories import StorySubmissionInbox
from submissions.protection import submissions_under
from submissions.views import story_photo


class InboxGroup(ModelAdminGroup):
    menu_label = "Inbox"
    menu_icon = "mail"
    menu_order = 250
    # Each kind of submission adds its inbox here.
    items = (EventSubmissionInbox, StorySubmissionInbox)


modeladmin_register(InboxGroup)


@hooks.register("register_admin_urls")
def story_photo_urls():
    return [path("submissions/story-photos/<int:pk>/", story_photo, name="submissions_story_photo")]


@hooks.register("register_log_actions")
def register_review_actions(actions):
    actions.register_action("submissions.accept", "Accept", "Accepted: a draft page was made from it")
    actions.register_action("submissions.decline", "Decline", "Declined")


def _refusal(request, pages):
    counts = submissions_under(pages)
    if not counts:
        return None
    listed = " and ".join(f"{count} {name}" for name, count in counts.items())
    messages.error(
        request,
        format_html(
            "‘{}’ cannot be deleted: {} came in for it or a page under it, and they must be kept. "
            "Unpublish it instead if it should no longer be seen.",
            pages[0].get_admin_display_title(),
            listed,
        ),
    )
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)


@hooks.register("before_delete_page")
def keep_pages_with_submissions(request, page):
    return _refusal(request, [page])


@hooks.register("before_bulk_action")
def keep_pages_with_submissions_in_bulk(request, action_type, objects, action_class_instance):
    if action_type == "delete" and objects:
        return _refusal(request, list(objects))
    return None
