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
        widget = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group, _index in widget["optgroups"]:
            if group_name:
                raise ValueError("LongListSelect does not draw option groups.")
            options += group
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>',
                # flatatt escapes the attributes' values and marks the result safe.
                ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
            ),
        )
