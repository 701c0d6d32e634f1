"""Print: an event and each day's programme come out on one sheet of A4, with the page's
content only (no navigation, search, filters or sharing)."""

import re

import pytest

from campaign.models import EventPage, ProgrammeDayPage

pytestmark = pytest.mark.browser

SCREEN_ONLY = ".site-header, .year-nav, .site-footer, .breadcrumbs, .share, .add-to-calendar, .calendar-filters"


def printed_sheets(tab) -> int:
    pdf = tab.pdf(format="A4", prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_an_event_and_each_days_programme_print_on_one_sheet(page, live_demo):
    days = [day.url for day in ProgrammeDayPage.objects.live().order_by("path")]
    busiest_event = max(EventPage.objects.live(), key=lambda event: len(str(event.recap)) + len(event.description))
    page.emulate_media(media="print")
    too_long = {}
    for path in [*days, busiest_event.url]:
        page.goto(live_demo.url + path)
        visible = page.locator(SCREEN_ONLY).evaluate_all("els => els.filter(e => e.getClientRects().length).length")
        assert visible == 0, f"{path}: navigation or screen-only parts are printed"
        sheets = printed_sheets(page)
        if sheets != 1:
            too_long[path] = sheets
    assert not too_long, f"printed on more than one sheet: {too_long}"
    assert len(days) == 5, "every day of 2017"
