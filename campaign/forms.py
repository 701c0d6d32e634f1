"""The calendar's filters: a plain GET form, so a filtered calendar is a shareable address."""

from django import forms

from campaign.models.events import AttendanceMode, EventKind
from core.council_areas import CouncilArea
from core.filter_forms import FilterForm
from core.models import Organisation
from core.widgets import FixedChoices, LongListSelect

ONLINE = "online"
IN_PERSON = "in-person"


class CalendarFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label="Kind of event",
        required=False,
        choices=FixedChoices([("", "Any kind"), *EventKind.choices]),
        widget=LongListSelect,
    )
    area = forms.ChoiceField(
        label="Council area",
        required=False,
        choices=FixedChoices([("", "Anywhere in Scotland"), *CouncilArea.choices]),
        widget=LongListSelect,
    )
    mode = forms.ChoiceField(
        label="How to take part",
        required=False,
        choices=FixedChoices([("", "In person or online"), (IN_PERSON, "In person"), (ONLINE, "Online")]),
        widget=LongListSelect,
    )
    host = forms.TypedChoiceField(
        label="Hosted by", required=False, coerce=int, empty_value=None, widget=LongListSelect
    )

    def __init__(self, data, *, host_choices: FixedChoices, **kwargs):
        """`host_choices`: the organisations to offer, as `host_choices_for` gives them."""
        super().__init__(data, **kwargs)
        self.fields["host"].choices = host_choices
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = "That choice is not in the list; it was ignored."

    @staticmethod
    def host_choices_for(events) -> FixedChoices:
        """The host filter's choices: the organisations hosting any of `events`, by name
        (one query; a busy year lists hundreds, so no model instances)."""
        hosts = (
            Organisation.objects.filter(hosted_events__page__in=events)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        )
        return FixedChoices([("", "Any organisation"), *hosts])

    def choose(self) -> dict:
        """The valid filters chosen, {field name: value}; a value not in a list is
        ignored and its field says so."""
        self.is_valid()
        self.chosen = {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if value not in ("", None)
        }
        return self.chosen

    def apply(self, events):
        """`events` narrowed by every valid filter (`choose`)."""
        chosen = self.choose()
        if "kind" in chosen:
            events = events.filter(kind=chosen["kind"])
        if "area" in chosen:
            events = events.filter(council_area=chosen["area"])
        if chosen.get("mode") == ONLINE:
            events = events.filter(attendance_mode__in=[AttendanceMode.ONLINE, AttendanceMode.MIXED])
        elif chosen.get("mode") == IN_PERSON:
            events = events.filter(attendance_mode__in=[AttendanceMode.IN_PERSON, AttendanceMode.MIXED])
        if "host" in chosen:
            events = events.filter(hosts__organisation_id=chosen["host"])
        return events

    @property
    def is_filtered(self) -> bool:
        return bool(getattr(self, "chosen", None))
