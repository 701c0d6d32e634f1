"""Form widgets for the public site's filter forms."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class LongListSelect(forms.Select):
    """A drop-down whose options are written out directly instead of through a template
    each. The calendar's and the blog's filters list every host organisation and every
    author (hundreds, on a site with ten years behind it), and Django renders each
    option through two template includes, which cost more than the rest of the page.
    The markup is the same as Django's own select; option groups are not supported."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options, has_selected = [], False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("LongListSelect does not draw option groups.")
            option_value = "" if option_value is None else str(option_value)
            # As Django's Select: only the first matching option of a single choice.
            selected = not has_selected and option_value in chosen
            has_selected |= selected
            options.append((option_value, " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '\n  <option value="{}"{}>{}</option>', options),
        )
