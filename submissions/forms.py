"""Public submission forms: accessible errors, plain text only, spam protection.

`SubmissionForm` is the base for every public form that stores a `Submission`:

* spam protection from `submissions.spam.SpamProtectionMixin`;
* text hygiene: single-line answers have their whitespace (and any line breaks)
  collapsed; any answer containing HTML is refused with a message, so no markup is
  ever stored;
* what the shared templates need to render it accessibly: `fieldsets` (legend and
  field names, with an optional hint under a legend in `fieldset_hints`) and
  `error_summary()` (each error with the id of the control it belongs to, for the
  links at the top of the form).
"""

import datetime
import re
from typing import NamedTuple

from django import forms
from django.db import models

from campaign.models.events import AttendanceMode
from core.uploads import CheckedImageField, display_name, limits_in_words
from submissions.models import EventSubmission, StorySubmission
from submissions.models.stories import MAX_PHOTOS, VIDEO_LINK_MESSAGE
from submissions.spam import SPAM_FIELDS, SpamProtectionMixin

# What a browser would read as markup: a tag ("<b", "</p"), a comment or doctype
# ("<!") or a processing instruction ("<?"). A "<" followed by anything else, as in
# "5 < 6" or "<3", is plain text.
HTML_PATTERN = re.compile(r"<(?:/?[a-zA-Z]|!|\?)")
HTML_MESSAGE = (
    "Remove the HTML (anything written between < and >, such as <b> or <script>): we can only take plain text."
)


def formfield_for(model_field, **kwargs):
    # Addresses typed without a scheme are taken as https (Django's own default until 6.0 is http).
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class FieldGroup(NamedTuple):
    """A group of questions as the form template shows it: a fieldset with a legend,
    an optional hint under it and an optional notice (something to act on)."""

    legend: str
    fields: list
    hint: str = ""
    notice: str = ""


class SubmissionForm(SpamProtectionMixin, forms.ModelForm):
    # [(legend, [field names])]; None puts every field in one group without a legend.
    fieldsets = None
    # {legend: a sentence shown under it, about every question in the group}
    fieldset_hints = {}

    class Meta:
        formfield_callback = formfield_for

    def __init__(self, *args, year=None, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # The browser would silently cut a long answer short; the form says so instead.
            field.widget.attrs.pop("maxlength", None)
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = (
                    f"{field.label} must be %(limit_value)s characters or fewer; it has %(show_value)s."
                )

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name in SPAM_FIELDS or not isinstance(value, str):
                continue
            if HTML_PATTERN.search(value):
                self.add_error(name, HTML_MESSAGE)
                continue
            if isinstance(self.fields[name].widget, forms.Textarea):
                cleaned[name] = value.replace("\r\n", "\n").strip()
            else:
                cleaned[name] = " ".join(value.split())
        return cleaned

    # --- For the templates ------------------------------------------------------------
    def visible_bound_fields(self):
        return [field for field in self.visible_fields() if field.name not in SPAM_FIELDS]

    def fieldset_hint(self, legend: str) -> str:
        return self.fieldset_hints.get(legend, "")

    def fieldset_notice(self, legend: str) -> str:
        return ""

    def grouped_fields(self) -> list[FieldGroup]:
        """The groups of questions in the order the form asks them."""
        if not self.fieldsets:
            return [FieldGroup("", self.visible_bound_fields())]
        return [
            FieldGroup(legend, [self[name] for name in names], self.fieldset_hint(legend), self.fieldset_notice(legend))
            for legend, names in self.fieldsets
        ]

    def error_summary(self):
        """Every error, each with the id of the control it is about."""
        items = [{"anchor": "form-top", "message": message} for message in self.non_field_errors()]
        # In the order the questions are asked.
        for field in (field for group in self.grouped_fields() for field in group.fields):
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                anchor = f"{field.auto_id}_0"
            items.extend({"anchor": anchor, "message": message} for message in field.errors)
        return items


def _required(message: str) -> dict:
    return {"required": message}


# How every form asks who is sending it.
CONTACT_WIDGETS = {
    "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
    "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
    "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
}
CONTACT_LABELS = {"contact_name": "Your name", "contact_email": "Your email address"}
CONTACT_EMAIL_HELP = "We’ll send you a copy and contact you if we have a question. It is never published."
CONTACT_ERRORS = {
    "contact_name": _required("Enter your name."),
    "contact_email": {
        **_required("Enter your email address."),
        "invalid": "Enter an email address like name@example.org.",
    },
}


class EventSubmissionForm(SubmissionForm):
    fieldsets = [
        ("Your event", ["title", "kind", "description"]),
        ("When", ["date", "start_time", "end_time"]),
        ("Where", ["attendance_mode", "venue", "town", "council_area", "online_link"]),
        ("Who is running it", ["organisation_name", "booking_link", "contact_name", "contact_email"]),
        ("Publishing your event", ["consent_to_publish"]),
    ]

    date = forms.TypedChoiceField(label="Date", coerce=datetime.date.fromisoformat)

    class Meta(SubmissionForm.Meta):
        model = EventSubmission
        fields = [
            "title",
            "kind",
            "description",
            "date",
            "start_time",
            "end_time",
            "attendance_mode",
            "venue",
            "town",
            "council_area",
            "online_link",
            "organisation_name",
            "booking_link",
            "contact_name",
            "contact_email",
            "consent_to_publish",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "attendance_mode": forms.RadioSelect,
            **CONTACT_WIDGETS,
        }
        labels = {
            "title": "Name of your event",
            "description": "What is it about?",
            "start_time": "Start time",
            "end_time": "End time (optional)",
            "venue": "Venue (optional)",
            "council_area": "Council area",
            "online_link": "Link to join online",
            "organisation_name": "Organisation running the event",
            "booking_link": "Link to book a place (optional)",
            **CONTACT_LABELS,
            "consent_to_publish": "I agree that the details of this event (but not my name or email address) "
            "can be published on this website and shared by the Scottish Co-production Network.",
        }
        help_texts = {
            "description": "A few sentences for the calendar: who it is for and what will happen. Plain text, "
            "up to 2,000 characters.",
            "start_time": "Scottish time, for example 14:30.",
            "town": "Needed for events that happen in person.",
            "council_area": "Needed for events that happen in person, so people can find events near them.",
            "online_link": "Needed for online events, unless people join through the booking link.",
            "contact_email": CONTACT_EMAIL_HELP,
        }
        error_messages = {
            "title": _required("Enter the name of your event."),
            "description": _required("Tell us in a few sentences what the event is about."),
            "start_time": {**_required("Enter the time the event starts."), "invalid": "Enter a time like 14:30."},
            "end_time": {"invalid": "Enter a time like 16:00."},
            "organisation_name": _required("Enter the name of the organisation running the event."),
            **CONTACT_ERRORS,
            "online_link": {"invalid": "Enter a full web address, starting https://"},
            "booking_link": {"invalid": "Enter a full web address, starting https://"},
        }

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, year=year, **kwargs)
        days = []
        if year is not None:
            day = year.start_date
            while day <= year.end_date:
                days.append((day.isoformat(), f"{day:%A} {day.day} {day:%B %Y}"))
                day += datetime.timedelta(days=1)
            week = f"{year.title}, {year.dates_in_words}"
        else:
            week = "the week"
        date = self.fields["date"]
        date.choices = [("", "Choose a day"), *days]
        date.help_text = f"A day during {week}."
        date.error_messages.update(
            required="Choose the day of your event.",
            invalid_choice=f"Choose a day during {week}.",
        )
        self.fields["council_area"].choices = [("", "Choose a council area"), *self.fields["council_area"].choices[1:]]
        consent = self.fields["consent_to_publish"]
        consent.required = True
        consent.error_messages["required"] = "Tick the box to agree that we can publish your event."

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
        mode = cleaned.get("attendance_mode")

        def unanswered(*names) -> bool:
            # An answer that was given but refused already has its own message.
            return not any(cleaned.get(name) or name in self.errors for name in names)

        if mode in (AttendanceMode.IN_PERSON, AttendanceMode.MIXED):
            if unanswered("town"):
                self.add_error("town", "Enter the town or city where the event happens.")
            if unanswered("council_area"):
                self.add_error("council_area", "Choose the council area where the event happens.")
        if mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED) and unanswered("online_link", "booking_link"):
            self.add_error("online_link", "Give a link to join online, or a link to book a place.")
        if mode == AttendanceMode.IN_PERSON and cleaned.get("online_link"):
            self.add_error(
                "attendance_mode", "You gave a link to join online: choose 'Online' or 'In person and online'."
            )
        return cleaned


# --- Share your story ---------------------------------------------------------------------
PHOTOS = "Photos (optional)"


class StorySubmissionForm(SubmissionForm):
    """A story, a video link and up to five photos, each with a caption. Photos are
    checked (core.uploads) as part of validation, so a form with a photo that cannot be
    taken is refused before anything is stored."""

    fieldsets = [
        ("Your story", ["title", "story", "video_url"]),
        (PHOTOS, [name for n in range(1, MAX_PHOTOS + 1) for name in (f"photo_{n}", f"caption_{n}")]),
        ("About you", ["contact_name", "organisation_name", "contact_email"]),
        ("Permission", ["permission_from_people_shown", "consent_to_publish"]),
    ]
    fieldset_hints = {
        PHOTOS: f"Up to {MAX_PHOTOS} photos: {limits_in_words()} each. Give every photo a caption saying what it "
        "shows and the story it tells: we use captions to describe photos to people who cannot see them.",
    }

    class Meta(SubmissionForm.Meta):
        model = StorySubmission
        fields = [
            "title",
            "story",
            "video_url",
            "contact_name",
            "organisation_name",
            "contact_email",
            "permission_from_people_shown",
            "consent_to_publish",
        ]
        widgets = {
            "story": forms.Textarea(attrs={"rows": 14}),
            **CONTACT_WIDGETS,
        }
        labels = {
            "title": "Title of your story",
            "story": "Your story",
            "video_url": "Link to a video (optional)",
            **CONTACT_LABELS,
            "organisation_name": "Your organisation (optional)",
            "permission_from_people_shown": "Everyone shown in my photos or filmed in my video has agreed to "
            "them being shared more widely.",
            "consent_to_publish": "I agree that my story, photos and video link, with my name and organisation (but "
            "not my email address), can be published on this website and shared by the Scottish Co-production "
            "Network.",
        }
        help_texts = {
            "story": "What happened, who was involved, what changed? Plain text, up to 10,000 characters; leave a "
            "blank line between paragraphs.",
            "video_url": "A digital story on YouTube or Vimeo: paste its address, like https://youtu.be/… "
            "A video filmed on a phone is fine.",
            "contact_name": "Shown with your story if we publish it.",
            "organisation_name": "Shown with your story if we publish it.",
            "contact_email": CONTACT_EMAIL_HELP,
            "permission_from_people_shown": "If you are not sending photos or a video, tick this too.",
        }
        error_messages = {
            "title": _required("Enter a title for your story."),
            "story": _required("Write your story: a few sentences are enough."),
            "video_url": {"invalid": VIDEO_LINK_MESSAGE},
            **CONTACT_ERRORS,
        }

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, year=year, **kwargs)
        for n in range(1, MAX_PHOTOS + 1):
            self.fields[f"photo_{n}"] = CheckedImageField(required=False, label=f"Photo {n}")
            self.fields[f"caption_{n}"] = forms.CharField(
                required=False,
                max_length=250,
                label=f"Caption for photo {n}",
                error_messages={
                    "max_length": f"Caption for photo {n} must be %(limit_value)s characters or fewer; "
                    "it has %(show_value)s."
                },
            )
        for name, message in (
            ("permission_from_people_shown", "Tick the box to confirm that everyone shown or filmed has agreed."),
            ("consent_to_publish", "Tick the box to agree that we can publish your story."),
        ):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message

    def clean(self):
        cleaned = super().clean()
        for n in range(1, MAX_PHOTOS + 1):
            photo, caption = cleaned.get(f"photo_{n}"), cleaned.get(f"caption_{n}")
            if photo and not caption and f"caption_{n}" not in self.errors:
                self.add_error(
                    f"caption_{n}",
                    f"Write a caption for “{display_name(photo)}”: what it shows and the story it tells.",
                )
            if caption and not photo and f"photo_{n}" not in self.errors:
                self.add_error(f"photo_{n}", f"Choose photo {n} for the caption you wrote, or clear the caption.")
        return cleaned

    def photos(self) -> list[tuple]:
        """[(uploaded file, caption)] for each photo given, in the form's order."""
        pairs = [
            (self.cleaned_data.get(f"photo_{n}"), self.cleaned_data.get(f"caption_{n}"))
            for n in range(1, MAX_PHOTOS + 1)
        ]
        return [(photo, caption) for photo, caption in pairs if photo]

    def fieldset_notice(self, legend: str) -> str:
        # Browsers cannot put a file back into a form, and nothing from a form that
        # needs changes is kept: say so where the photos were.
        if (
            legend == PHOTOS
            and self.is_bound
            and self.errors
            and any(self.files.get(f"photo_{n}") for n in range(1, MAX_PHOTOS + 1))
        ):
            return (
                "The photos you chose were not kept, because the form needs changes: choose them again "
                "before you send it."
            )
        return ""
