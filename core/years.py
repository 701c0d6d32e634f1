"""The campaign years as readers find them, and which year a page belongs to, for
listings that span several years. Kept by each process until content changes
(core.in_process)."""

from django.apps import apps

from core.in_process import PerGeneration, own_copy

_every_year = PerGeneration("years:every", max_entries=1)
_live_years = PerGeneration("years:live", max_entries=1)


def live_years() -> tuple:
    """Every live, public year, newest first (the home page's list, search's choices,
    the feeds' years). Shared by every request: only read them; `live_year()` gives a
    copy of one to change."""
    year_model = apps.get_model("campaign", "CampaignYearPage")
    return _live_years.get("all", lambda: tuple(year_model.objects.live().public().order_by("-year")))


def live_year(number: int):
    """A copy of the live, public year `number`, or None."""
    year = next((year for year in live_years() if year.year == number), None)
    return own_copy(year) if year is not None else None


def attach_campaign_years(pages) -> list:
    """Fill in `campaign_year` on each page from a single query, so a listing that mixes
    years (search results, an author's posts) does not ask the database once per page.

    Returns the pages as a list."""
    pages = list(pages)
    if not pages:
        return pages
    year_model = apps.get_model("campaign", "CampaignYearPage")
    # Every year, kept by each process until content changes; only read (their titles
    # and addresses), so shared by the pages of every listing.
    years = _every_year.get("all", lambda: tuple(year_model.objects.defer_streamfields().order_by("path")))
    for page in pages:
        page.__dict__["campaign_year"] = next(
            (year for year in years if page.path.startswith(year.path)),
            None,
        )
    return pages
