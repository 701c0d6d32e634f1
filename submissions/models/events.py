"""Events that network members send in for the calendar."""

from django.db import models

from campaign.models.events import AttendanceMode, EventKind
from core.council_areas import CouncilArea
from submissions.models.base import Submission, SubmissionFormPage


class EventSubmission(Submission):
    """An event a network member told us about through an 'Add your event' form.
    Accept it to get a draft event page under the right day, ready to check and
    publish; decline it with a reason. Either way the record stays here."""

    title = models.CharField("event name", max_length=200)
    kind = models.CharField("kind of event", max_length=20, choices=EventKind.choices, default=EventKind.EVENT)
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField(null=True, blank=True)
    organisation_name = models.CharField("organisation", max_length=200)
    attendance_mode = models.CharField(
        "how to take part", max_length=20, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )
    venue = models.CharField(max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    council_area = models.CharField(max_length=40, choices=CouncilArea.choices, blank=True)
    online_link = models.URLField("link to join online", blank=True)
    booking_link = models.URLField(blank=True)
    description = models.TextField(max_length=2000)

    class Meta(Submission.Meta):
        verbose_name = "event submission"

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def when_in_words(self) -> str:
        day = f"{self.date:%A} {self.date.day} {self.date:%B %Y}"
        times = f"{self.start_time:%H:%M}" + (f"–{self.end_time:%H:%M}" if self.end_time else "")
        return f"{day}, {times}"


class AddEventFormPage(SubmissionFormPage):
    """The 'Add your event' form of a year: network members tell the team about their
    events for the calendar. Submissions arrive in the admin under Inbox › Events, and
    the team is emailed about each one."""

    template = "submissions/add_event_form_page.html"
    thank_you_template = "submissions/add_event_thank_you.html"

    class Meta:
        verbose_name = "'Add your event' form"

    @property
    def form_class(self):
        from submissions.forms import EventSubmissionForm

        return EventSubmissionForm
