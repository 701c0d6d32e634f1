"""Journey 2, in a real browser: a guest blogger writes a post with an image from their
collection and submits it; a moderator approves it; the post is then public."""

import pytest

from wagtail.images import get_image_model
from wagtail.models import Collection

from editorial.roles import GUEST_BLOGGERS, GUEST_UPLOADS_COLLECTION, MODERATORS
from tests.factories import PersonFactory, UserFactory, png_file

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def new_tab(browser):
    """A tab in a fresh browser profile: each person has their own cookies."""
    tab = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
    tab.set_default_timeout(15_000)
    return tab


def log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")


@pytest.mark.slow
def test_guest_writes_moderator_approves_reader_reads(browser, live_demo):
    guest = UserFactory(username="fiona", email="fiona@example.org", groups=[GUEST_BLOGGERS])
    PersonFactory(name="Fiona Guest", role="Project lead", user=guest)
    UserFactory(username="morag", email="morag@example.org", groups=[MODERATORS])
    get_image_model().objects.create(
        title="Community garden",
        file=png_file("garden.png"),
        collection=Collection.objects.get(name=GUEST_UPLOADS_COLLECTION),
        uploaded_by_user=guest,
    )
    base = live_demo.url

    # The guest blogger writes and submits.
    page = new_tab(browser)
    log_in(page, base, "fiona")
    page.get_by_role("link", name="Co-production Week Scotland 2017").click()
    page.locator("#id_title").fill("Growing power in our community garden")
    page.locator("#id_summary").fill("How a garden became a place where decisions are shared.")
    page.locator("#panel-child-content-feature_image-section").get_by_role("button", name="Choose an image").click()
    page.get_by_role("dialog").get_by_role("link", name="Community garden").click()
    page.locator("#panel-child-content-feature_image-section").get_by_text("Community garden").wait_for()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Editorial review").click()
    page.get_by_text("created and submitted for moderation").wait_for()
    page.goto(base + "/admin/")
    mine = page.locator("section", has_text="Your blog posts")
    assert "Waiting for Moderator review." in mine.inner_text()
    page.context.close()

    # The moderator approves.
    page = new_tab(browser)
    log_in(page, base, "morag")
    review = page.locator("section", has_text="Awaiting your review")
    review.get_by_role("link", name="Growing power in our community garden").click()
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.get_by_text("has been updated").wait_for()
    page.context.close()

    # Anyone can read it now.
    page = new_tab(browser)
    response = page.goto(base + "/2017/blog/growing-power-in-our-community-garden/")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Growing power in our community garden"
    assert "Fiona Guest" in page.inner_text("main")
    assert page.locator("main img").count() >= 1
    page.context.close()
