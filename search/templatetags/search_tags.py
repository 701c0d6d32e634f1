import html

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search.forms import term_pattern

register = template.Library()

# What brackets a match until the text is escaped (search_tags.highlight).
OPEN, CLOSE = "\x00", "\x01"


@register.filter
def highlight(text, terms):
    """`text` with each word that starts with one of `terms` (a space-separated string)
    marked, so a reader sees why a result matched, and the rest escaped."""
    pattern = term_pattern(str(terms or ""))
    if pattern is None:
        return escape(text)
    # Each match is bracketed with two control characters no page text holds (any are
    # dropped first), the whole escaped at once, as django.utils.html.escape would, and
    # the brackets made <mark> tags: ten results' excerpts marked and escaped piece by
    # piece were a tenth of a search page's Python calls.
    plain = str(text).replace(OPEN, "").replace(CLOSE, "")
    marked = html.escape(pattern.sub(f"{OPEN}\\g<1>{CLOSE}", plain))
    return mark_safe(marked.replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))  # noqa: S308 - escaped as a whole
