"""Search every year of the site at /search/.

Only live, public pages are ever searched (never drafts, never pages behind a
password or login), on the Wagtail site the reader is visiting. Results are ranked by
relevance, ten to a page, each showing the year it belongs to.
"""

from dataclasses import replace

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from wagtail.models import Page, Site

from core.absolute_urls import absolute_url
from core.privacy import public_q
from core.social import SocialMeta
from core.text import truncated
from core.tree import descendants_q
from core.years import live_years
from search.forms import RESULT_TYPES, SearchForm, term_pattern
from search.paging import page_of_results
from search.results import results_for

RESULTS_PER_PAGE = 10
EXCERPT_LENGTH = 240


def excerpt(text: str, terms: list[str], length: int = EXCERPT_LENGTH) -> str:
    """About `length` characters of `text`, starting a little before the first search
    term it contains, so the reader sees the words that matched."""
    if len(text) <= length:
        return text
    pattern = term_pattern(" ".join(terms))
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 2:
        start = text.rfind(" ", 0, match.start() - length // 4) + 1
    window = truncated(text[start:], length)
    return f"…{window}" if start else window


def searchable_pages(request, year=None, type_key=""):
    site = Site.find_for_request(request)
    # One filter of every condition: each filter() copies the query and builds its
    # conditions again (a third of the search's ORM work when they came one by one).
    conditions = Q(live=True) & public_q()
    if site is not None:
        conditions &= descendants_q(site.root_page.path, inclusive=True)
    if year is not None:
        conditions &= descendants_q(year.path, inclusive=True)
    if type_key:
        conditions &= Page.objects.type_q(*RESULT_TYPES[type_key][1])
    # Only their ids are read from the ranked rows (search.paging): what each result
    # shows is kept (search.results), and fetched with the pages' own types when it is not.
    return Page.objects.filter(conditions).only("id")


def search(request):
    years = list(live_years())
    form = SearchForm(request.GET, years=years)
    chosen = form.chosen()
    results = None
    if chosen["terms"]:
        found = searchable_pages(request, chosen["year"], chosen["type"]).search(
            " ".join(chosen["terms"]), operator="and"
        )
        results = page_of_results(found, request.GET.get("page"), RESULTS_PER_PAGE)
        results.object_list = [
            replace(result, result_text=excerpt(result.text, chosen["terms"]))
            for result in results_for(request, results.object_list)
        ]
    meta = SocialMeta(
        title="Search",
        description="Search every year of Co-production Week Scotland: events, blog posts, days and resources.",
        url=absolute_url(reverse("search"), request),
    )
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": chosen["query"],
            "terms": " ".join(chosen["terms"]),
            "chosen_year": chosen["year"],
            "chosen_type": RESULT_TYPES[chosen["type"]][0] if chosen["type"] else "",
            "results": results,
            "years": years,
            "social_meta": meta,
        },
    )
