"""Reading a response as a person would: its markup with entities decoded, or just its words."""

import html
import re


def text(response) -> str:
    """The page's HTML with entities decoded (“ rather than &ldquo;)."""
    return html.unescape(response.content.decode())


def words(response) -> str:
    """The text a reader sees, without tags, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def result_titles(page_html: str) -> list[str]:
    """The titles of a search page's results, in order."""
    return re.findall(r'<h3 class="result__title"><a href="[^"]+">([^<]+)</a>', page_html)


def html_of(client, path: str) -> str:
    """The HTML of a page that must be found."""
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()
