"""Form widgets for the public site's filter forms."""

import html
import threading

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FixedChoices(BaseChoiceIterator):
    """A drop-down's choices made once and shared: by every form made with them, and by
    every request until content changes (the filters' choices are kept per content
    generation). Django checks and copies a field's list of choices again for each form
    (twice when it is set, once more for each copy of the field), which for the
    calendar's hundreds of hosts was a third of its page; these are taken as they are
    and never copied, and LongListSelect writes their options once.

    Flat (value, label) pairs only: no option groups."""

    def __init__(self, choices):
        self._choices = tuple((value, label) for value, label in choices)
        if any(isinstance(label, (list, tuple)) for _, label in self._choices):
            raise ValueError("LongListSelect does not draw option groups.")
        self._markup = None
        self._lock = threading.Lock()

    def __iter__(self):
        return iter(self._choices)

    def __len__(self):
        return len(self._choices)

    def __getitem__(self, index):
        return self._choices[index]

    # Never changed once made, so every copy of a form's fields can share them.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def options_markup(self) -> str:
        """Every <option>, none selected, as Django's Select writes them."""
        if self._markup is None:
            with self._lock:
                if self._markup is None:
                    self._markup = "".join(
                        f'\n  <option value="{_escaped(_option_value(value))}">{_escaped(label)}</option>'
                        for value, label in self._choices
                    )
        return self._markup


class LongListSelect(forms.Select):
    """A drop-down whose options are written out directly instead of through a template
    each. The calendar's and the blog's filters list every host organisation and every
    author (hundreds, on a site with ten years behind it), and Django renders each
    option through two template includes, which cost more than the rest of the page.
    The markup is the same as Django's own select; option groups are not supported.
    Given FixedChoices, the options are written once for every request."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices if isinstance(self.choices, FixedChoices) else FixedChoices(self.choices)
        options = choices.options_markup()
        # As Django's Select: only the first option (in the list's order) whose value is
        # chosen is marked.
        found = (options.find(_opening(chosen)) for chosen in self.format_value(value))
        first = min((at for at in found if at >= 0), default=-1)
        if first >= 0:
            end = options.index(">", first)
            options = f"{options[:end]} selected{options[end:]}"
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # noqa: S308 - each part escaped (FixedChoices.options_markup)
        )


def _option_value(value) -> str:
    return "" if value is None else str(value)


def _opening(value) -> str:
    return f'\n  <option value="{_escaped(_option_value(value))}"'


def _escaped(text) -> str:
    """What django.utils.html.conditional_escape(text) gives, as a plain string."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))
