"""Click and campaign trackers that links carry: `?utm_source=…`, `?fbclid=…`.

A partner's post, a newsletter or Facebook adds them to links to the site (Facebook
a different `fbclid` on every click), yet no page here reads them. Left in, each
variant of an address would be a page of its own to the full-page cache, so a burst of
visitors from one post would all miss it; and pages that link to themselves with the
query kept (pagination) would hand one visitor's click id to the next. So public
pages are answered as if the link had not carried them: the view never sees them and
the page is cached under the clean address. The address in the visitor's browser is
left as it is, for any analytics there.
"""

import functools
import re

from django.conf import settings
from django.http import QueryDict
from django.utils.http import urlencode

# Names (whole, or a prefix ending in "_") of the common trackers: Google Analytics and
# Ads, Meta, Microsoft, X (Twitter), LinkedIn, Instagram, Yandex, Mailchimp, HubSpot,
# Matomo/Piwik. PAGE_CACHE_IGNORED_PARAMETERS in settings adds others.
TRACKERS = (
    "utm_", "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "_ga", "_gl", "msclkid", "twclid",
    "li_fat_id", "igshid", "yclid", "mc_cid", "mc_eid", "hsa_", "_hsenc", "_hsmi", "mtm_", "pk_", "piwik_",
)  # fmt: skip


@functools.cache
def _trackers(extra: tuple[str, ...]) -> re.Pattern:
    """One expression for every tracker's name, made once per setting."""
    names = "|".join(re.escape(name) + (".*" if name.endswith("_") else "") for name in (*TRACKERS, *extra))
    return re.compile(rf"(?:{names})", re.DOTALL)


def _pattern() -> re.Pattern:
    return _trackers(tuple(getattr(settings, "PAGE_CACHE_IGNORED_PARAMETERS", ())))


def drop_tracking_parameters(request) -> None:
    """Take the trackers out of `request`'s query string and GET, if it has any."""
    query = request.META.get("QUERY_STRING")
    if not query:
        return
    trackers = _pattern()
    # Most queries hold none (`?page=2`): found without parsing them, on every cache
    # hit. A name written with %-escapes is only known once decoded.
    if "%" not in query and not any(trackers.fullmatch(pair.partition("=")[0]) for pair in query.split("&")):
        return
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    kept = [(name, value) for name, value in pairs if not trackers.fullmatch(name)]
    if len(kept) == len(pairs):
        return
    request.META["QUERY_STRING"] = urlencode(kept)
    request.GET = QueryDict(request.META["QUERY_STRING"])
