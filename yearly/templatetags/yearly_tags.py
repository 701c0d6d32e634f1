from django import template

from yearly.numbers import published_numbers_for_year

register = template.Library()


@register.inclusion_tag("yearly/includes/year_in_numbers.html")
def year_in_numbers(year):
    """A year page's numbers and charts (nothing while the year has nothing to count)."""
    return {"numbers": published_numbers_for_year(year), "year": year}
