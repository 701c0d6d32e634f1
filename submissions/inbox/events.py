"""The inbox of events sent in through 'Add your event' forms."""

from submissions import actions
from submissions.inbox.base import DECISION_FIELDS, AcceptView, SubmissionInbox
from submissions.models import EventSubmission


class AcceptEventView(AcceptView):
    """Accept: a draft event under the year's day for the submitted date. If the year
    has no page for that day, the editor is told and can create it (published, named
    like the other days) as part of accepting, or go back."""

    template_name = "submissions/admin/accept_event.html"

    def get_context_data(self, **kwargs):
        day = actions.day_for(self.instance)
        kwargs.update(
            day=day,
            new_day_title=None if day else actions.day_title(self.instance.campaign_year, self.instance.date),
        )
        return super().get_context_data(**kwargs)

    def accept(self, instance):
        user = self.request.user
        day = actions.day_for(instance)
        if day is None:
            if not self.request.POST.get("create_day"):
                raise self.AcceptRefused(
                    f"{instance.campaign_year.title} has no programme day for {instance.date:%A} "
                    f"{instance.date.day} {instance.date:%B %Y}. Create the day as you accept, or go back."
                )
            if not instance.campaign_year.permissions_for_user(user).can_publish_subpage():
                raise self.AcceptRefused(
                    f"You can’t publish pages under {instance.campaign_year.title}, so you can’t create the day. "
                    "Ask an editor to accept this submission."
                )
            day = actions.create_day(instance.campaign_year, instance.date, user)
        if not day.permissions_for_user(user).can_add_subpage():
            raise self.AcceptRefused(
                f"You can’t add events to {day.title}. "
                "Ask an editor to accept this submission, or to let you add events."
            )
        return actions.draft_event_from(instance, day, user)


class EventSubmissionInbox(SubmissionInbox):
    model = EventSubmission
    menu_label = "Events"
    menu_order = 100
    accept_view_class = AcceptEventView
    list_display = ("title", "date", "organisation_name", "campaign_year", "received_at", "status_label")
    search_fields = ("title", "organisation_name", "contact_name", "contact_email", "town", "venue", "description")
    list_export = (
        "received_at",
        "status_label",
        "campaign_year",
        "title",
        "get_kind_display",
        "date",
        "start_time",
        "end_time",
        "organisation_name",
        "get_attendance_mode_display",
        "venue",
        "town",
        "get_council_area_display",
        "online_link",
        "booking_link",
        "description",
        "contact_name",
        "contact_email",
        "consent_to_publish",
        "decline_reason",
    )
    export_headings = {
        **SubmissionInbox.export_headings,
        "get_kind_display": "Kind of event",
        "get_attendance_mode_display": "How to take part",
        "get_council_area_display": "Council area",
    }
    export_filename = "event-submissions"
    inspect_view_fields = (
        "status",
        "received_at",
        "campaign_year",
        "title",
        "kind",
        "date",
        "start_time",
        "end_time",
        "organisation_name",
        "attendance_mode",
        "venue",
        "town",
        "council_area",
        "online_link",
        "booking_link",
        "description",
        "contact_name",
        "contact_email",
        "consent_to_publish",
        *DECISION_FIELDS,
    )
