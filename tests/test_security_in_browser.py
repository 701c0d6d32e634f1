"""The Content-Security-Policy in a real browser: the site's own CSS and JavaScript,
Wagtail's userbar, the admin's editor and preview all work under it, and the browser
reports no violation; two-factor set-up and sign-in work end to end."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


@pytest.fixture
def problems(page):
    """Everything the browser complains about: CSP violations (reported as console
    errors), other console errors, warnings about our policy headers (a feature the
    browser does not know, say) and uncaught script errors."""
    seen = []

    def on_console(message):
        url = message.location.get("url", "")
        # The site has no favicon (yet): the browser's own request for one is no concern here.
        about_a_policy = message.type == "warning" and "Policy" in message.text
        if (message.type == "error" or about_a_policy) and not url.endswith("/favicon.ico"):
            seen.append(f"{message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"script error: {error}"))
    return seen


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(page, base_url):
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_public_pages_work_under_the_strict_policy(page, live_demo, problems):
    for path in ("/", "/2017/", "/2017/blog/", "/2017/monday-27-november/", "/search/?q=power", "/people/"):
        page.goto(live_demo.url + path)
        # The stylesheet applied (the skip link is moved off screen by site.css)...
        assert page.eval_on_selector(".skip-link", "el => getComputedStyle(el).position") == "absolute", path
    # ...and site.js ran: it adds "Copy this post" buttons to the example social posts.
    page.goto(live_demo.url + "/2017/")
    assert page.get_by_role("button", name="Copy this post").count() > 0
    assert problems == []
    # The branded 404 page too: the only complaint is the 404 itself.
    page.goto(live_demo.url + "/nope/")
    assert page.eval_on_selector(".skip-link", "el => getComputedStyle(el).position") == "absolute"
    assert problems == [
        f"Failed to load resource: the server responded with a status of 404 (Not Found) ({live_demo.url}/nope/)"
    ]


@pytest.mark.slow
def test_the_admin_editor_preview_and_userbar_work_under_their_policies(page, live_demo, editor, problems):
    from campaign.models import CampaignYearPage

    year = CampaignYearPage.objects.get(year=2017)
    sign_in(page, live_demo.url)
    page.wait_for_url(re.compile(r"/admin/$"))
    # On a public page (strict policy), the signed-in editor's Wagtail userbar: its own
    # script opens its menu, styled by its own stylesheet.
    page.goto(live_demo.url + "/2017/")
    userbar = page.locator("wagtail-userbar")
    userbar.locator("#wagtail-userbar-trigger").click()
    expect(userbar.get_by_role("menuitem", name="Edit this page")).to_be_visible()
    # The editor (admin policy) with its inline scripts, and the live preview panel.
    page.goto(f"{live_demo.url}/admin/pages/{year.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe#w-preview-iframe")
    # The page, framed by the admin, styled by the site's stylesheet.
    expect(preview.locator("main h1")).to_have_text(year.title)
    assert preview.locator(".skip-link").evaluate("el => getComputedStyle(el).position") == "absolute"
    page.goto(f"{live_demo.url}/admin/pages/{year.pk}/")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    assert problems == []


def test_two_factor_set_up_and_sign_in_in_wagtails_admin(page, live_demo, editor, problems, settings):
    settings.STAFF_2FA_REQUIRED = True
    sign_in(page, live_demo.url)
    page.wait_for_url(re.compile(r"/admin/two-factor/set-up/"))
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()

    # The authenticator app: the key shown on the page gives the codes.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert secret in device.config_url
    page.get_by_label("Six-digit code").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("Two-factor authentication is on")).to_be_visible()

    # Next time: password, then the code (the next 30-second step: a code works once).
    page.context.clear_cookies()
    sign_in(page, live_demo.url)
    page.wait_for_url(re.compile(r"/admin/two-factor/"))
    page.get_by_label("Six-digit code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status").get_by_text("That code is not right")).to_be_visible()
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    page.get_by_label("Six-digit code").fill(f"{totp(device.bin_key, drift=1):06d}")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.get_by_role("heading", level=1).first.is_visible()
    assert problems == []
