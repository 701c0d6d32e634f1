"""Submissions are never lost to a page deletion: a year or form page that received
submissions, or any page above one, cannot be deleted. The database refuses too
(on_delete=PROTECT); this finds out first, so the editor gets a message, not an error."""

from django.db.models import Q

from submissions.models import submission_models


def submissions_under(pages) -> dict[str, int]:
    """How many submissions of each kind point at `pages` or anything below them."""
    counts = {}
    if not pages:
        return counts
    for model in submission_models():
        condition = Q()
        for page in pages:
            condition |= Q(campaign_year__path__startswith=page.path) | Q(form_page__path__startswith=page.path)
        count = model.objects.filter(condition).count()
        if count:
            counts[str(model._meta.verbose_name_plural if count > 1 else model._meta.verbose_name)] = count
    return counts
