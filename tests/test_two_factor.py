"""Two-factor authentication for staff (django-otp, the accounts app), driven through
Wagtail 8's own sign-in page and our set-up and code pages."""

import re
from io import StringIO

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.core.management import call_command

PASSWORD = "a-long-test-password"


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows (optionally for a later 30 s step: a
    code can be used only once, so a second sign-in within one step needs the next)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead):06d}"


def wait_out_throttle(device: TOTPDevice) -> None:
    """django-otp makes each wrong code wait longer (1 s, 2 s, 4 s…) before the next try:
    let that time pass."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def sign_in(client, next_url="/admin/"):
    response = client.post(f"/admin/login/?next={next_url}", {"username": "root", "password": PASSWORD})
    assert response.status_code == 302, "the password step passes"
    return response


@pytest.fixture
def required(settings):
    settings.STAFF_2FA_REQUIRED = True


def test_staff_without_an_app_must_set_one_up_first(client, admin_user, required):
    sign_in(client, "/admin/pages/")
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/set-up/?next=/admin/pages/"
    for elsewhere in ("/admin/", "/admin/users/", "/admin/account/"):
        assert client.get(elsewhere)["Location"].startswith("/admin/two-factor/set-up/")

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Set up two-factor authentication" in html
    assert '<svg width="' in html, "a QR code, drawn inline: no script, no outside service"
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert secret.replace(" ", "") in device.config_url, "the key to type in is the QR code's"

    wrong = client.post(response["Location"], {"code": "000000", "next": "/admin/pages/"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()

    wait_out_throttle(device)
    done = client.post(response["Location"], {"code": code(device), "next": "/admin/pages/"})
    assert done.status_code == 302
    assert done["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_signing_in_asks_for_the_code_after_the_password(client, admin_user, required):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    sign_in(client)
    response = client.get("/admin/")
    assert response["Location"] == "/admin/two-factor/?next=/admin/"
    # Half signed in: nothing of the admin, and no way to swap in another app.
    for elsewhere in ("/admin/pages/", "/admin/two-factor/set-up/", "/admin/account/"):
        assert client.get(elsewhere)["Location"].startswith("/admin/two-factor/?next=")

    page = client.get("/admin/two-factor/?next=/admin/")
    assert "Enter your code" in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()
    wrong = client.post("/admin/two-factor/", {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/")

    wait_out_throttle(device)
    right = client.post("/admin/two-factor/", {"code": code(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_in_a_row_are_throttled(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    sign_in(client)
    client.post("/admin/two-factor/", {"code": "000000"})
    response = client.post("/admin/two-factor/", {"code": code(device)})
    assert "Verification temporarily disabled because of 1 failed attempt" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_code_works_only_once(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    used = code(device)
    sign_in(client)
    assert client.post("/admin/two-factor/", {"code": used}).status_code == 302
    client.logout()
    sign_in(client)
    assert "That code is not right" in client.post("/admin/two-factor/", {"code": used}).content.decode()


def test_the_code_page_refuses_to_send_people_elsewhere(client, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    sign_in(client)
    response = client.post("/admin/two-factor/", {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_when_not_required_it_is_each_persons_choice(client, admin_user, settings):
    assert settings.STAFF_2FA_REQUIRED is False
    sign_in(client)
    assert client.get("/admin/").status_code == 200, "no app, not required: straight in"
    account = client.get("/admin/account/").content.decode()
    assert "Set up two-factor authentication" in account

    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client.logout()
    sign_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/"), "set up: always asked"


def test_a_lost_phone_is_reset_by_an_administrator(client, admin_user, required):
    TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    out = StringIO()
    call_command("reset_2fa", "root", stdout=out)
    assert "Removed the authenticator app of root" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
    sign_in(client)
    assert client.get("/admin/")["Location"].startswith("/admin/two-factor/set-up/")


def test_public_visitors_are_not_affected(client, demo, required):
    assert client.get("/2017/").status_code == 200


def test_where_optional_a_person_can_turn_it_off_but_not_where_required(client, admin_user, settings):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    sign_in(client)
    client.post("/admin/two-factor/", {"code": code(device)})
    settings.STAFF_2FA_REQUIRED = True
    response = client.post("/admin/two-factor/turn-off/", follow=True)
    assert "required on this site for every staff account" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin_user).exists()
    settings.STAFF_2FA_REQUIRED = False
    response = client.post("/admin/two-factor/turn-off/", follow=True)
    assert "Two-factor authentication is off for your account." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=admin_user).exists()
