"""Plain text for readers: from stored rich text (calendar files, structured data,
emails), and dates written out."""

import datetime
import functools
import html
import re

from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import pgettext

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n\s*\n+")


def rich_text_to_plain(value) -> str:
    """Paragraphs and list items become lines; tags go; entities are decoded."""
    text = _BLOCK_END.sub("\n\n", str(value or ""))
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def date_in_words(date: datetime.date) -> str:
    """'Monday 27 November 2017', as the site writes a day."""
    return f"{date:%A} {date.day} {date:%B %Y}"


def truncated(text: str, length: int) -> str:
    """Django's Truncator(text).chars(length): at most `length` characters, ending "…"
    when cut. Truncator walks the text a character at a time in Python, in case of
    combining accents (which it does not count); plain ASCII text has none, so it is
    cut in one step, with the same result. Descriptions and search excerpts are cut
    on every page view."""
    if not text.isascii() or length <= 0:
        return Truncator(text).chars(length)
    if len(text) <= length:
        return text
    ending = _truncation_ending(translation.get_language())
    return add_truncation_text(text[: calculate_truncate_chars_length(length, ending)], ending)


@functools.lru_cache(maxsize=16)
def _truncation_ending(language) -> str:
    # Django's, translated, looked up once per language rather than twice per text.
    return pgettext("String to return when truncating text", "%(truncated_text)s…")
