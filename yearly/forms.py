"""The admin form that starts next year from a year page."""

from django import forms

from wagtail.admin.widgets import AdminDateInput

from yearly.new_year import YEAR_MAX, YEAR_MIN, problems, suggested_start


class StartNextYearForm(forms.Form):
    year = forms.IntegerField(
        label="New year", min_value=YEAR_MIN, max_value=YEAR_MAX, help_text="Its pages will live at /<year>/."
    )
    start_date = forms.DateField(label="First day of the week", widget=AdminDateInput)

    def __init__(self, *args, source, **kwargs):
        self.source = source
        year = source.year + 1
        kwargs["initial"] = {"year": year, "start_date": suggested_start(source, year), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        length = (source.end_date - source.start_date).days + 1
        self.fields["start_date"].help_text = (
            f"A {source.start_date:%A}, as {source.year} starts on a {source.start_date:%A}, so that every day keeps "
            f"its weekday. The week runs {length} day{'s' if length != 1 else ''}, as {source.year}'s did."
        )

    def clean(self):
        cleaned = super().clean()
        year, start_date = cleaned.get("year"), cleaned.get("start_date")
        if year and start_date:
            for name, message in problems(self.source, year, start_date).items():
                self.add_error(name, message)
        return cleaned
