"""The site search form: what to look for, and optionally which year and which kind of page."""

import re
from functools import lru_cache

from django import forms

from blog.models import BlogIndexPage, BlogPostPage
from campaign.models import CampaignYearPage, EventPage, ProgrammeDayPage
from core.widgets import FixedChoices, LongListSelect
from home.models import HomePage, StandardPage
from resources.models import ResourceIndexPage

# Longer queries are cut to this many characters: no reader types more, and a huge
# query must not become a huge full-text search.
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12

# The kinds of page a reader can narrow the results to: key → (label, page models).
RESULT_TYPES = {
    "event": ("Events", (EventPage,)),
    "post": ("Blog posts", (BlogPostPage,)),
    "day": ("Programme days", (ProgrammeDayPage,)),
    "year": ("Years", (CampaignYearPage,)),
    "resources": ("Resources", (ResourceIndexPage,)),
    "page": ("Other pages", (HomePage, StandardPage, BlogIndexPage)),
}

# How each result says what it is; an event says what kind of event it is instead.
RESULT_LABELS = {
    BlogPostPage: "Blog post",
    ProgrammeDayPage: "Programme day",
    CampaignYearPage: "Year",
    ResourceIndexPage: "Resources",
    BlogIndexPage: "Blog",
}


def search_terms(query: str) -> list[str]:
    """The words of the query. Punctuation is dropped, so quotes, brackets and stars
    typed by a reader are never read as search-engine syntax (SQLite's full-text
    search would refuse them with an error)."""
    return re.findall(r"\w+", query)[:MAX_TERMS]


@lru_cache(maxsize=256)
def term_pattern(terms: str) -> re.Pattern | None:
    """A pattern matching the start of any of `terms` (space-separated), or None: where
    an excerpt starts and which words it marks (search.excerpts)."""
    words = [re.escape(term) for term in terms.split()]
    return re.compile(r"\b(" + "|".join(words) + r")", re.IGNORECASE) if words else None


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search for")
    year = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Year",
        widget=LongListSelect,
        error_messages={
            "invalid_choice": "There is no year “%(value)s” on this site: showing results from every year."
        },
    )
    type = forms.ChoiceField(
        required=False,
        label="Type of page",
        choices=FixedChoices([("", "Everything"), *((key, label) for key, (label, _) in RESULT_TYPES.items())]),
        widget=LongListSelect,
        error_messages={"invalid_choice": "“%(value)s” is not a type of page we can filter by: showing everything."},
    )

    def __init__(self, data, *, years):
        super().__init__(data)
        self.years = {year.year: year for year in years}
        self.fields["year"].choices = FixedChoices(
            [("", "Every year"), *((str(year.year), str(year.year)) for year in years)]
        )
        self.was_shortened = False

    @property
    def filter_fields(self):
        return [self["year"], self["type"]]

    @property
    def filters_key(self) -> str:
        """What the year and type drop-downs' markup follows from besides content (the
        years offered): the values chosen, once they are valid. Empty for a value that
        is not a choice: its markup holds the value in its message and is not kept, so
        made-up values cannot fill the cache."""
        self.is_valid()
        if "year" in self.errors or "type" in self.errors:
            return ""
        return f"year={self.cleaned_data.get('year') or ''}&type={self.cleaned_data.get('type') or ''}"

    def clean_q(self):
        query = self.cleaned_data["q"]
        if len(query) > MAX_QUERY_LENGTH:
            self.was_shortened = True
            query = query[:MAX_QUERY_LENGTH]
        return query

    def chosen(self) -> dict:
        """What to search for: {'query': str, 'terms': [...], 'year': page or None,
        'type': key or ''}. Invalid filters are left out (the form holds their message)."""
        self.is_valid()
        query = self.cleaned_data.get("q") or ""
        return {
            "query": query,
            "terms": search_terms(query),
            "year": self.years.get(self.cleaned_data.get("year")),
            "type": self.cleaned_data.get("type") or "",
        }
