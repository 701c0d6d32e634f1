"""Plain text for readers: from stored rich text (calendar files, structured data,
emails), and dates written out."""

import datetime
import html
import re

from django.utils.html import strip_tags

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
