"""Private sections stay private: a page under a password or a sign-in restriction is
not shown to a reader without it, however often the public pages around it have been
served (the site knows which sections are private without asking for every page)."""

import pytest

from wagtail.models import PageViewRestriction

from campaign.models import ProgrammeDayPage

DAY = "/2017/tuesday-28-november/"


@pytest.fixture
def day(demo):
    return ProgrammeDayPage.objects.get(url_path__endswith="/2017/tuesday-28-november/")


def an_event_of(day):
    return day.get_children().live().first()


@pytest.mark.parametrize("page_cache", [False, True])
def test_a_section_made_private_after_being_read_is_private_at_once(client, settings, day, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    event_url = an_event_of(day).url
    assert client.get(DAY).status_code == 200
    assert client.get(event_url).status_code == 200

    restriction = PageViewRestriction.objects.create(page=day, restriction_type="password", password="members")
    for url in (DAY, event_url):
        response = client.get(url)
        assert response.status_code == 200
        assert "password" in response.content.decode().lower(), url
        assert "Power, Health and Social Justice" not in response.content.decode(), url
    # Another day of the same year is still public.
    assert "This page is password protected" not in client.get("/2017/monday-27-november/").content.decode()

    restriction.delete()
    assert client.get(event_url).status_code == 200
    assert "This page is password protected" not in client.get(event_url).content.decode()


def test_a_sign_in_restriction_sends_a_reader_to_sign_in(client, day):
    PageViewRestriction.objects.create(page=day, restriction_type="login")
    response = client.get(an_event_of(day).url)
    assert response.status_code == 302
    assert "login" in response["Location"]
