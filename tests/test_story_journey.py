"""Journey 4, in a real browser: a member shares a story with a photo; an editor reads it
in the inbox (photo and all), turns it into a draft post and publishes it; a reader
finds it through the site search. The form passes axe's accessibility checks, before
and after a mistake."""

import pytest
from playwright.sync_api import expect

from home.models import HomePage
from submissions.models import StorySubmission
from tests.browser import assert_accessible, log_in
from tests.factories import BlogIndexPageFactory, CampaignYearPageFactory, ShareStoryFormPageFactory
from tests.submission_fixtures import image_bytes

pytestmark = pytest.mark.browser

PASSWORD = "a-long-editor-password"
CAPTION = "The Kirkcaldy lighthouse choir singing at the harbour."


@pytest.fixture
def open_year_live(live_demo, settings):
    # No waiting in a test: the minimum fill time is checked in test_share_story_form.py.
    settings.SUBMISSIONS_MIN_FILL_SECONDS = 0
    year = CampaignYearPageFactory(parent=HomePage.objects.get(), year=2031)
    BlogIndexPageFactory(parent=year, show_in_menus=True)
    ShareStoryFormPageFactory(parent=year, show_in_menus=True)
    return live_demo


@pytest.mark.slow
def test_member_shares_a_story_editor_publishes_it_reader_finds_it(page, open_year_live, django_user_model):
    base = open_year_live.url
    photo = {"name": "choir.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", (640, 480))}

    # A member finds the form in the year's menu; a photo without a caption is sent back.
    page.goto(base + "/2031/")
    page.get_by_role("navigation", name="2031 microsite").get_by_role("link", name="Share your story").click()
    assert_accessible(page)
    page.get_by_label("Title of your story").fill("Singing our way to shared decisions")
    page.get_by_label("Your story", exact=True).fill(
        "Our lighthouse choir asked the council to sing with us.\n\nNow we plan the harbour festival together."
    )
    page.get_by_label("Link to a video (optional)").fill("https://vimeo.com/123456789")
    page.get_by_label("Photo 1", exact=True).set_input_files(photo)
    page.get_by_label("Your name").fill("Ailsa Brown")
    page.get_by_label("Your organisation (optional)").fill("Fife Community Voices")
    page.get_by_label("Your email address").fill("ailsa@example.org")
    page.get_by_label("Everyone shown in my photos or filmed in my video has agreed").check()
    page.get_by_label("I agree that my story, photos and video link").check()
    page.get_by_role("button", name="Send your story").click()

    summary = page.locator(".error-summary")
    assert "Write a caption for “choir.jpg”" in summary.inner_text()
    assert "The photos you chose were not kept" in page.inner_text("main")
    assert_accessible(page)
    assert StorySubmission.objects.count() == 0
    # Focus in the summary means site.js has run and its links move focus.
    expect(summary, "focus moves to the summary").to_be_focused()
    summary.get_by_role("link", name="Write a caption for “choir.jpg”").click()
    expect(page.locator("#id_caption_1")).to_be_focused()
    page.get_by_label("Caption for photo 1").fill(CAPTION)
    page.get_by_label("Photo 1", exact=True).set_input_files(photo)
    page.get_by_role("button", name="Send your story").click()
    assert page.locator("h1").inner_text() == "Thank you, we have your story"
    assert "“Singing our way to shared decisions” with 1 photo" in page.inner_text("main")

    # An editor reads it in the inbox, with its photo, and makes a draft post of it.
    django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)
    log_in(page, base, "editor", PASSWORD)
    page.goto(base + "/admin/submissions/storysubmission/")
    assert "Singing our way to shared decisions" in page.inner_text("main")
    page.locator("main table").get_by_role("link", name="Review", exact=True).first.click()
    image = page.get_by_role("img", name=CAPTION)
    # decode() waits for the image to arrive, and fails if it cannot be shown.
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") == 640, "the photo reaches staff"
    page.locator("footer").get_by_role("link", name="Create draft post", exact=True).click()
    page.get_by_role("button", name="Create the draft post").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    assert page.locator("#id_title").input_value() == "Singing our way to shared decisions"
    assert "credited to Ailsa Brown" in page.inner_text("body")
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_url("**/admin/pages/*/")
    assert "has been published" in page.inner_text("body")
    post = StorySubmission.objects.get().created_page.specific
    assert post.live

    # A reader finds it by a word of the story, and reads it with its photo.
    reader = page.context.browser.new_page()
    reader.goto(base + "/search/?q=lighthouse")
    result = reader.locator("li.result").first
    assert result.locator(".result__year").inner_text() == "2031"
    result.get_by_role("link", name="Singing our way to shared decisions").click()
    assert reader.locator("h1").inner_text() == "Singing our way to shared decisions"
    main = reader.locator("main")
    assert "By Ailsa Brown" in main.inner_text()
    assert "Now we plan the harbour festival together." in main.inner_text()
    assert main.get_by_role("link", name="Watch the video on Vimeo").get_attribute("href") == (
        "https://vimeo.com/123456789"
    )
    published_photo = main.get_by_role("img", name=CAPTION)
    assert published_photo.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    assert "/media/images/" in published_photo.get_attribute("src"), "a public rendition, not the private original"
    reader.close()
