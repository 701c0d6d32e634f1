"""The inbox of stories shared through 'Share your story' forms."""

from django.db.models import Prefetch

from submissions import story_posts
from submissions.inbox.base import DECISION_FIELDS, AcceptView, SubmissionInbox
from submissions.models import StoryPhoto, StorySubmission


class CreateDraftPostView(AcceptView):
    """Accept: a draft blog post under the year's blog, credited to the person who
    shared the story, with its photos in the image library. A year without a blog is
    refused with a message: a blog is a section of the year that staff set up on
    purpose (its title, introduction, menu place, review workflow), not something to
    appear as a side effect of accepting a story."""

    template_name = "submissions/admin/accept_story.html"
    action_label = "Create a draft post"

    def get_page_title(self):
        return self.action_label

    def get_context_data(self, **kwargs):
        kwargs.update(blog=story_posts.blog_for(self.instance), photos=list(self.instance.photos.all()))
        return super().get_context_data(**kwargs)

    def accept(self, instance):
        user = self.request.user
        year = instance.campaign_year
        blog = story_posts.blog_for(instance)
        if blog is None:
            raise self.AcceptRefused(
                f"{year.title} has no blog yet, so there is nowhere to put the post. Add a blog index under "
                f"{year.title} (Pages › {year.title} › Add child page › Blog index), then create the draft post."
            )
        if not blog.permissions_for_user(user).can_add_subpage():
            raise self.AcceptRefused(
                f"You can’t add posts to {blog.title} of {year.title}. Ask an editor to create the draft post."
            )
        self.credit = story_posts.credit_for(instance)
        try:
            post = story_posts.draft_post_from(instance, blog, user, self.credit)
        except story_posts.PhotoMissing as missing:
            raise self.AcceptRefused(
                f"The photo “{missing}” can no longer be found in storage, so no post was made. "
                "Ask whoever runs the server to restore the private media folder."
            ) from None
        self.photo_count = len(instance.photos.all())
        return post

    def accepted_message(self, instance, page) -> str:
        person = self.credit.person
        credit = f"{person} (added to People just now)" if self.credit.created else str(person)
        photos = (
            f" Its {self.photo_count} photo{'s are' if self.photo_count > 1 else ' is'} in the “Stories” collection, "
            "captions as descriptions: check each description reads well to someone who cannot see the photo."
            if self.photo_count
            else ""
        )
        return (
            f"Made a draft post from ‘{instance}’, credited to {credit}.{photos} "
            "Check the summary and the text, then publish it when it is ready."
        )


class StorySubmissionInbox(SubmissionInbox):
    model = StorySubmission
    menu_label = "Stories"
    menu_icon = "openquote"
    menu_order = 200
    accept_view_class = CreateDraftPostView
    accept_label = "Create draft post"
    list_display = ("title", "contact_name", "organisation_name", "photo_count", "campaign_year", "received_at")
    list_display += ("status_label",)
    search_fields = ("title", "story", "contact_name", "contact_email", "organisation_name", "photos__caption")
    list_export = (
        "received_at",
        "status_label",
        "campaign_year",
        "title",
        "story",
        "video_url",
        "photo_count",
        "photo_captions",
        "contact_name",
        "organisation_name",
        "contact_email",
        "permission_from_people_shown",
        "consent_to_publish",
        "decline_reason",
    )
    export_headings = {
        **SubmissionInbox.export_headings,
        "photo_count": "Photos",
        "photo_captions": "Photo captions",
    }
    export_filename = "story-submissions"
    inspect_view_extra_css = ["submissions/css/story-review.css"]
    # The story, video and photos are shown by the review page's own template
    # (submissions/admin/inspect_storysubmission.html).
    inspect_view_fields = (
        "status",
        "received_at",
        "campaign_year",
        "contact_name",
        "organisation_name",
        "contact_email",
        "permission_from_people_shown",
        "consent_to_publish",
        *DECISION_FIELDS,
    )

    def get_queryset(self, request):
        # The photos' captions for the list and the export, in one query for every row.
        photos = StoryPhoto.objects.only("story_id", "caption", "sort_order")
        return super().get_queryset(request).prefetch_related(Prefetch("photos", queryset=photos))

    def photo_count(self, obj):
        return len(obj.photos.all())

    photo_count.short_description = "Photos"

    def photo_captions(self, obj):
        return " | ".join(photo.caption for photo in obj.photos.all())

    photo_captions.short_description = "Photo captions"
