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
from core.tree import descendants_q
from core.years import live_years
from search.excerpts import excerpt, highlight
from search.forms import RESULT_TYPES, SearchForm
from search.paging import page_of_results
from search.results import result_items, results_for

RESULTS_PER_PAGE = 10


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
        terms = " ".join(chosen["terms"])
        found = searchable_pages(request, chosen["year"], chosen["type"]).search(terms, operator="and")
        results = page_of_results(found, request.GET.get("page"), RESULTS_PER_PAGE)
        results.object_list = [
            replace(result, result_text=highlight(excerpt(result.text, terms), terms))
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
            "chosen_year": chosen["year"],
            "chosen_type": RESULT_TYPES[chosen["type"]][0] if chosen["type"] else "",
            "results": results,
            "result_items": result_items(results.object_list) if results else "",
            "years": years,
            "social_meta": meta,
        },
    )
