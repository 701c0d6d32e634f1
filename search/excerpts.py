"""What a search result shows of its page's text for one search: about 240 characters
around the reader's words (`excerpt`), with those words marked (`highlight`)."""

import html

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.text import truncated
from search.forms import term_pattern

EXCERPT_LENGTH = 240

# What brackets a match until the text is escaped (highlight).
OPEN, CLOSE = "\x00", "\x01"


def excerpt(text: str, terms: str, length: int = EXCERPT_LENGTH) -> str:
    """About `length` characters of `text`, starting a little before the first of
    `terms` (space-separated, as `highlight` takes them) it contains, so the reader sees
    the words that matched."""
    if len(text) <= length:
        return text
    pattern = term_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 2:
        start = text.rfind(" ", 0, match.start() - length // 4) + 1
    window = truncated(text[start:], length)
    return f"…{window}" if start else window


def highlight(text, terms) -> SafeString:
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
