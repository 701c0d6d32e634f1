"""Rewriting the addresses in rendered HTML, and nothing else, for the static export.

The page is passed through token by token: text, comments, scripts and every tag whose
addresses do not change come out exactly as they went in. Tags with an address attribute
(`href`, `src`, `srcset`, `poster`, `action`) are written again with the addresses the
caller's function returns; elements the caller names (forms, in the export) are left out
with everything inside them.
"""

from collections.abc import Callable
from html import escape
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "poster", "action"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}


class AddressRewriter(HTMLParser):
    def __init__(self, rewrite: Callable[[str, str, dict], str | None], drop: set[str]):
        """`rewrite(url, tag, attrs)` returns the new address, or None to remove the
        attribute. `drop` names elements to leave out whole."""
        super().__init__(convert_charrefs=False)
        self.rewrite = rewrite
        self.drop = drop
        self.out: list[str] = []
        self.dropping: str | None = None
        self.depth = 0

    # --- Tags --------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self_closing=True)

    def _start(self, tag, attrs, self_closing):
        if self.dropping:
            self.depth += tag == self.dropping and not self_closing
            return
        if tag in self.drop and not self_closing:
            self.dropping, self.depth = tag, 1
            return
        if not any(name in URL_ATTRIBUTES | SRCSET_ATTRIBUTES for name, _ in attrs):
            self.out.append(self.get_starttag_text())
            return
        context = dict(attrs)
        written = []
        for name, value in attrs:
            if value is not None and name in URL_ATTRIBUTES:
                value = self.rewrite(value, tag, context)
                if value is None:
                    continue
            elif value is not None and name in SRCSET_ATTRIBUTES:
                value = self._srcset(value, tag, context)
            written.append(name if value is None else f'{name}="{escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(' ' + item for item in written)}{' /' if self_closing else ''}>")

    def _srcset(self, value, tag, context):
        candidates = []
        for candidate in value.split(","):
            parts = candidate.strip().split(maxsplit=1)
            if not parts:
                continue
            url = self.rewrite(parts[0], tag, context)
            if url is not None:
                candidates.append(" ".join([url, *parts[1:]]))
        return ", ".join(candidates)

    def handle_endtag(self, tag):
        if self.dropping:
            if tag == self.dropping:
                self.depth -= 1
                if self.depth == 0:
                    self.dropping = None
            return
        self.out.append(f"</{tag}>")

    # --- Everything else, as it was ------------------------------------------------------
    def _keep(self, text):
        if not self.dropping:
            self.out.append(text)

    def handle_data(self, data):
        self._keep(data)

    def handle_entityref(self, name):
        self._keep(f"&{name};")

    def handle_charref(self, name):
        self._keep(f"&#{name};")

    def handle_comment(self, data):
        self._keep(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._keep(f"<!{decl}>")

    def handle_pi(self, data):
        self._keep(f"<?{data}>")

    def unknown_decl(self, data):
        self._keep(f"<![{data}]>")


def rewrite_addresses(html: str, rewrite, drop=frozenset()) -> str:
    parser = AddressRewriter(rewrite, set(drop))
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def addresses_in(html: str) -> list[tuple[str, str, dict]]:
    """Every address in `html` as (url, tag, attributes), srcset candidates one by one."""
    found = []

    def collect(url, tag, attrs):
        found.append((url, tag, attrs))
        return url

    rewrite_addresses(html, collect)
    return found
