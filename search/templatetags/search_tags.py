import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, terms):
    """`text` with each word that starts with one of `terms` (a space-separated string)
    marked, so a reader sees why a result matched. The text is escaped piece by piece."""
    words = [re.escape(term) for term in str(terms or "").split()]
    if not words:
        return escape(text)
    pieces = re.compile(r"\b(" + "|".join(words) + r")", re.IGNORECASE).split(str(text))
    # split() with a group alternates: unmatched, matched, unmatched, …
    return mark_safe(  # noqa: S308 - every piece is escaped
        "".join(format_html("<mark>{}</mark>", piece) if i % 2 else escape(piece) for i, piece in enumerate(pieces))
    )
