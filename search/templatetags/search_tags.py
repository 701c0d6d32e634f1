import html

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.forms import term_pattern

register = template.Library()


@register.filter
def highlight(text, terms):
    """`text` with each word that starts with one of `terms` (a space-separated string)
    marked, so a reader sees why a result matched. The text is escaped piece by piece."""
    pattern = term_pattern(str(terms or ""))
    if pattern is None:
        return escape(text)
    # split() with a group alternates: unmatched, matched, unmatched, … Escaped with
    # html.escape, as django.utils.html.escape does, without a SafeString per piece:
    # ten results' excerpts took 0.6 ms of a search page through format_html.
    pieces = pattern.split(str(text))
    return mark_safe(  # noqa: S308 - every piece is escaped
        "".join(f"<mark>{html.escape(piece)}</mark>" if i % 2 else html.escape(piece) for i, piece in enumerate(pieces))
    )
