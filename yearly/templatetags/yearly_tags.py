from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.page_cache import remembered_per_generation
from yearly.numbers import published_numbers_for_year

register = template.Library()

TEMPLATE = "yearly/includes/year_in_numbers.html"


@register.simple_tag
def year_in_numbers(year):
    """A year page's numbers and charts (nothing while the year has nothing to count).

    The markup is kept as long as the numbers are (`published_numbers_for`): its two
    charts are a quarter of a year page's rendering, and they change only with the
    numbers. Whether the year is over changes the wording without any edit (a date
    passes), so it is part of the key."""
    namespace = f"yearnumbers-html:{'archived' if year.is_archived else 'open'}"

    def render(_pks):
        context = {"numbers": published_numbers_for_year(year), "year": year}
        return {year.pk: render_to_string(TEMPLATE, context)}

    # Not kept in the process: submissions change the numbers without an edit.
    markup = remembered_per_generation(namespace, [year.pk], render, settings.PAGE_CACHE_SECONDS, in_process=False)[
        year.pk
    ]
    return mark_safe(markup)  # noqa: S308 - our own template's output
