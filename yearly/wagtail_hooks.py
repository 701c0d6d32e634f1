"""The yearly cycle in the admin: "Start next year from this one" on a year page, and the
"Years in numbers" report."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, HeaderButton

from campaign.models import CampaignYearPage
from editorial.permissions import has_owner_only_page_rights
from yearly.new_year import may_start_next_year
from yearly.views import StartNextYearView, YearsInNumbersView

START_LABEL = "Start next year from this one"


@hooks.register("register_admin_urls")
def register_yearly_urls():
    return [
        path("years/<int:page_id>/start-next-year/", StartNextYearView.as_view(), name="yearly_start_next_year"),
        path("reports/years-in-numbers/", YearsInNumbersView.as_view(), name="yearly_years_in_numbers"),
    ]


def _offers_start(page, user) -> bool:
    return page.specific_class is CampaignYearPage and may_start_next_year(user, page)


@hooks.register("register_page_header_buttons")
def start_next_year_header_button(page, user, view_name=None, next_url=None):
    if not _offers_start(page, user):
        return []
    url = reverse("yearly_start_next_year", args=[page.pk])
    return [HeaderButton(START_LABEL, url=url, icon_name="calendar", priority=55)]


@hooks.register("register_page_listing_more_buttons")
def start_next_year_listing_button(page, user, next_url=None):
    if not _offers_start(page, user):
        return []
    url = reverse("yearly_start_next_year", args=[page.pk])
    return [Button(START_LABEL, url=url, icon_name="calendar", priority=25)]


class StaffReportMenuItem(MenuItem):
    def is_shown(self, request):
        return not has_owner_only_page_rights(request.user)


@hooks.register("register_reports_menu_item")
def register_years_in_numbers_report():
    return StaffReportMenuItem(
        "Years in numbers", reverse("yearly_years_in_numbers"), name="years-in-numbers", icon_name="table", order=900
    )
