"""Journey 6: staff start next year from this year's shape, by command or from the admin."""

import datetime

import pytest

from django.core.management import CommandError, call_command
from django.urls import reverse

from wagtail.models import Page, Revision

from blog.models import BlogIndexPage, BlogPostPage
from campaign.models import CalendarPage, CampaignYearPage, EventPage, ProgrammeDayPage
from resources.models import ResourceIndexPage
from submissions.models import AddEventFormPage, SubmissionFormPage, submission_models
from tests.factories import CampaignYearPageFactory, EventSubmissionFactory, StandardPageFactory
from yearly.new_year import NewYearRefused, problems, start_next_year
from yearly.wagtail_hooks import start_next_year_header_button, start_next_year_listing_button


def year(number) -> CampaignYearPage:
    return CampaignYearPage.objects.get(year=number)


def snapshot(page):
    """What an editor would notice changing on a year and everything under it."""
    pages = page.get_descendants(inclusive=True).specific()
    return {
        p.pk: (
            p.title,
            p.slug,
            p.live,
            p.numchild,
            p.latest_revision_id,
            Revision.page_revisions.filter(object_id=str(p.pk)).count(),
        )
        for p in pages
    }


@pytest.fixture
def new_2019(demo):
    """2019 started from 2017 (Monday 27 November – Sunday 3 December) by the command."""
    before = snapshot(year(2017))
    call_command("new_campaign_year", "--from", "2017", "--year", "2019", "--start", "2019-11-18")
    return year(2019), before


def test_days_land_on_the_same_weekdays_of_the_new_week(new_2019):
    new, _ = new_2019
    assert (new.start_date, new.end_date) == (datetime.date(2019, 11, 18), datetime.date(2019, 11, 24))
    days = list(ProgrammeDayPage.objects.child_of(new).order_by("date"))
    old_days = list(ProgrammeDayPage.objects.child_of(year(2017)).order_by("date"))
    assert [d.date for d in days] == [datetime.date(2019, 11, d) for d in (18, 19, 20, 21, 22)]
    assert [d.date.weekday() for d in days] == [d.date.weekday() for d in old_days]
    assert [d.title for d in days] == [
        "Day 1: Monday 18 November",
        "Day 2: Tuesday 19 November",
        "Day 3: Wednesday 20 November",
        "Day 4: Thursday 21 November",
        "Day 5: Friday 22 November",
    ]
    assert [d.url_path for d in days][0] == "/home/2019/monday-18-november/"
    assert all(d.day_number() == old.day_number() for d, old in zip(days, old_days, strict=True))


def test_the_new_year_is_a_draft_in_the_old_shape(new_2019, client):
    new, _ = new_2019
    old = year(2017)
    assert new.url_path == "/home/2019/"
    assert new.title == "Co-production Week Scotland 2019"
    pages = new.get_descendants(inclusive=True)
    # The year and a copy of each of the old year's sections; nothing beneath days or the blog.
    assert pages.count() == 1 + old.get_children().count()
    assert not pages.filter(live=True).exists(), "every new page is a draft"
    assert client.get("/2019/").status_code == 404, "readers see nothing until it is published"
    kinds = [type(p) for p in new.get_children().specific()]
    assert kinds.count(ProgrammeDayPage) == 5
    # One of every kind of form a year can have (events, stories…), each empty of submissions.
    form_pages = [model for model in kinds if issubclass(model, SubmissionFormPage)]
    expected_forms = [m for m in CampaignYearPage.allowed_subpage_models() if issubclass(m, SubmissionFormPage)]
    assert sorted(form_pages, key=str) == sorted(expected_forms, key=str)
    assert AddEventFormPage in form_pages
    for model in (BlogIndexPage, CalendarPage, ResourceIndexPage):
        assert kinds.count(model) == 1, model
    assert list(new.body.raw_data) == list(old.body.raw_data), "the guide is carried over"
    assert [m.name for m in new.team_members.all()] == ["Sam Jordan", "Olivia Hanley", "David Reilly"]
    assert list(new.social_accounts.raw_data) == list(old.social_accounts.raw_data)
    assert new.hashtag == old.hashtag


def test_nothing_of_the_old_year_leaks_in(new_2019):
    new, _ = new_2019
    assert not EventPage.objects.descendant_of(new).exists()
    assert not BlogPostPage.objects.descendant_of(new).exists()
    assert not new.key_questions.exists(), "the old theme's questions stay with it"
    assert (new.theme, new.strapline, new.summary, new.intro, new.announcement) == ("", "", "", "", "")
    assert not new.recap
    assert all(not day.recap for day in ProgrammeDayPage.objects.child_of(new))
    resources = ResourceIndexPage.objects.child_of(new).get()
    assert not resources.resources.exists()
    assert resources.intro == ""
    for model in submission_models():
        assert not model.objects.filter(campaign_year=new).exists()
        assert not model.objects.filter(form_page__in=new.get_descendants()).exists()


def test_new_pages_have_their_own_single_revision_and_no_old_history(new_2019):
    new, _ = new_2019
    for page in new.get_descendants(inclusive=True):
        revisions = Revision.page_revisions.filter(object_id=str(page.pk))
        assert revisions.count() == 1, page
        assert page.latest_revision_id == revisions.get().pk
        assert page.first_published_at is None
        assert page.live_revision_id is None


def test_the_old_year_is_untouched(new_2019):
    _, before = new_2019
    assert snapshot(year(2017)) == before


def test_a_year_that_exists_is_refused(demo):
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="There is already a page for 2018"):
        call_command("new_campaign_year", "--from", "2017", "--year", "2018", "--start", "2018-11-19")
    assert Page.objects.count() == pages


def test_a_year_made_by_someone_else_meanwhile_is_refused_cleanly(demo, monkeypatch):
    checks = []

    def sees_nothing_the_first_time(*args):
        checks.append(args)
        return {} if len(checks) == 1 else problems(*args)

    monkeypatch.setattr("yearly.new_year.problems", sees_nothing_the_first_time)
    pages = Page.objects.count()
    with pytest.raises(NewYearRefused, match="There is already a page for 2018"):
        start_next_year(year(2017), year=2018, start_date=datetime.date(2018, 11, 19))
    assert Page.objects.count() == pages


def test_a_start_on_another_weekday_is_refused_with_the_nearest_good_dates(demo):
    with pytest.raises(CommandError) as refusal:
        call_command("new_campaign_year", "--from", "2017", "--year", "2019", "--start", "2019-11-20")
    message = str(refusal.value)
    assert "Co-production Week Scotland 2017 starts on a Monday" in message
    assert "Wednesday 20 November 2019 is a Wednesday" in message
    assert "try Monday 18 November 2019 or Monday 25 November 2019" in message
    assert not CampaignYearPage.objects.filter(year=2019).exists()


def test_dates_overlapping_another_year_are_refused(demo, home_page):
    # A week crossing new year: 2031 from Monday 29 December would run into 2032's week.
    CampaignYearPageFactory(
        parent=home_page, year=2032, start_date=datetime.date(2032, 1, 1), end_date=datetime.date(2032, 1, 6)
    )
    with pytest.raises(NewYearRefused) as refusal:
        start_next_year(year(2017), year=2031, start_date=datetime.date(2031, 12, 29))
    assert refusal.value.errors == {
        "start_date": "A week from Monday 29 December 2031 to Sunday 4 January 2032 would overlap "
        "Co-production Week Scotland 2032, which runs 1 – 6 January 2032. Choose dates no other year uses."
    }
    assert not CampaignYearPage.objects.filter(year=2031).exists()


def test_a_start_outside_the_year_is_refused(demo):
    with pytest.raises(CommandError, match="The week of 2019 must start in 2019"):
        call_command("new_campaign_year", "--from", "2017", "--year", "2019", "--start", "2020-11-16")


def test_the_command_names_what_to_check(demo, capsys):
    call_command("new_campaign_year", "--from", "2017", "--year", "2019", "--start", "2019-11-18")
    out = capsys.readouterr().out
    assert "“Co-production Week Scotland 2019” is ready as a draft at /2019/, 18 – 24 November 2019" in out
    assert "5 programme days (Monday 18 November 2019 to Friday 22 November 2019)" in out
    assert "still mentions 2017 in its guide to getting involved" in out


def test_standard_pages_come_with_the_pages_under_them(demo):
    how = StandardPageFactory(parent=year(2017), title="How to get involved in 2017")
    StandardPageFactory(parent=how, title="Running an event")
    new = start_next_year(year(2017), year=2019, start_date=datetime.date(2019, 11, 18)).page
    copy = new.get_children().get(slug=how.slug)
    assert copy.title == "How to get involved in 2019"
    assert [p.title for p in copy.get_children()] == ["Running an event"]
    assert not copy.get_descendants(inclusive=True).filter(live=True).exists()


def test_form_pages_of_every_kind_are_copied_empty(demo):
    old = year(2017)
    form = AddEventFormPage.objects.child_of(old).get()
    EventSubmissionFactory(form_page=form)
    new = start_next_year(old, year=2019, start_date=datetime.date(2019, 11, 18)).page
    old_kinds = {type(p) for p in old.get_children().specific() if isinstance(p, SubmissionFormPage)}
    new_forms = [p for p in new.get_children().specific() if isinstance(p, SubmissionFormPage)]
    assert {type(p) for p in new_forms} == old_kinds
    for page in new_forms:
        assert page.campaign_year == new
        for model in submission_models():
            assert not model.objects.filter(form_page=page).exists()
    assert EventSubmissionFactory._meta.model.objects.filter(form_page=form).count() == 1


# --- In the admin ---------------------------------------------------------------------------
def start_url(page) -> str:
    return reverse("yearly_start_next_year", args=[page.pk])


def test_the_year_page_offers_to_start_next_year(admin_client, demo):
    old = year(2017)
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[old.pk])).content.decode()
    assert "Start next year from this one" in html
    assert start_url(old) in html
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[old.get_parent().pk])).content.decode()
    assert start_url(old) in listing
    day = ProgrammeDayPage.objects.child_of(old).first()
    assert "Start next year" not in admin_client.get(reverse("wagtailadmin_pages:edit", args=[day.pk])).content.decode()


def test_the_admin_form_suggests_the_next_year_on_the_same_weekday(admin_client, demo):
    html = admin_client.get(start_url(year(2017))).content.decode()
    assert 'name="year" value="2018"' in html
    assert 'value="26/11/2018"' in html, "Monday 26 November 2018, the Monday nearest a year on"
    assert "A Monday, as 2017 starts on a Monday" in html


def test_starting_a_year_in_the_admin_makes_the_draft_and_says_so(admin_client, admin_user, demo):
    response = admin_client.post(start_url(year(2017)), {"year": "2019", "start_date": "2019-11-18"}, follow=True)
    new = year(2019)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_explore", args=[new.pk])
    html = response.content.decode()
    assert "is ready as a draft at /2019/" in html
    assert "still mentions 2017" in html
    assert new.owner == admin_user
    assert not new.live
    assert ProgrammeDayPage.objects.child_of(new).get(date=datetime.date(2019, 11, 18)).owner == admin_user


def test_a_refused_year_in_the_admin_keeps_the_answers_and_explains(admin_client, demo):
    pages = Page.objects.count()
    response = admin_client.post(start_url(year(2017)), {"year": "2018", "start_date": "2018-11-20"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is already a page for 2018" in html
    assert "Tuesday 20 November 2018 is a Tuesday: try Monday 19 November 2018 or Monday 26 November 2018" in html
    assert 'value="2018-11-20"' in html
    assert Page.objects.count() == pages


def test_only_those_who_may_add_a_year_see_or_use_the_action(client, demo, moderator):
    old = year(2017)
    assert start_next_year_header_button(old, moderator) == []
    assert start_next_year_listing_button(old, moderator) == []
    client.force_login(moderator)
    # Refused as Wagtail refuses: back to the dashboard, with a message.
    assert client.get(start_url(old))["Location"] == reverse("wagtailadmin_home")
    assert client.post(start_url(old), {"year": "2019", "start_date": "2019-11-18"}).status_code == 302
    assert not CampaignYearPage.objects.filter(year=2019).exists()


def test_editors_may_start_a_year(client, demo, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[year(2017).pk])).content.decode()
    assert "Start next year from this one" in html
    client.post(start_url(year(2017)), {"year": "2019", "start_date": "2019-11-18"})
    assert year(2019).owner == editor
