"""Which campaign year a page belongs to, for listings that span several years."""

from django.apps import apps


def attach_campaign_years(pages) -> list:
    """Fill in `campaign_year` on each page from a single query, so a listing that mixes
    years (search results, an author's posts) does not ask the database once per page.

    Returns the pages as a list."""
    pages = list(pages)
    if not pages:
        return pages
    year_model = apps.get_model("campaign", "CampaignYearPage")
    years = list(year_model.objects.defer_streamfields().order_by("path"))
    for page in pages:
        page.__dict__["campaign_year"] = next(
            (year for year in years if page.path.startswith(year.path)),
            None,
        )
    return pages
