"""Form widgets for the public site's filter forms."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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
            # Escaped as format_html() would (conditional_escape), without its cost per
            # argument, which for hundreds of options was most of a blog page's rendering.
            mark = " selected" if selected else ""
            options.append(f'\n  <option value="{_escaped(option_value)}"{mark}>{_escaped(label)}</option>')
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe("".join(options)),  # noqa: S308 - each part escaped above
        )


def _escaped(text) -> str:
    """What django.utils.html.conditional_escape(text) gives, as a plain string."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))
