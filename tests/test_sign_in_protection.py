"""Sign-in throttling (django-axes), the client address behind proxies, strong
passwords and session expiry for the admin."""

from datetime import timedelta

from axes.models import AccessAttempt

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

PASSWORD = "a-long-test-password"


WRONG = "wrong-password"


def sign_in(client, password=WRONG, username="root", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def fail_until_limit(client, settings, **extra):
    """Fail to sign in as often as allowed: the last failure already pauses signing in."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, **extra)
        assert response.status_code == 200
        assert "didn&#x27;t match" in response.content.decode()
    assert sign_in(client, **extra).status_code == 429


def test_after_five_failures_sign_in_is_paused_with_a_clear_message(client, admin_user, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail_until_limit(client, settings)
    # Even the right password is refused now, without being checked.
    response = sign_in(client, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Signing in is paused" in html
    assert "There have been 5 failed attempts to sign in from your connection" in html
    assert "paused for 15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_pause_ends_after_the_cool_off(client, admin_user, settings):
    fail_until_limit(client, settings)
    assert sign_in(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_trying_again_during_the_pause_starts_it_again(client, admin_user, settings):
    fail_until_limit(client, settings)
    almost_over = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=almost_over)
    assert sign_in(client).status_code == 429
    assert AccessAttempt.objects.get().attempt_time > almost_over + timedelta(minutes=10)


def test_another_client_can_still_sign_in(client, admin_user, settings):
    fail_until_limit(client, settings, REMOTE_ADDR="192.0.2.10")
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 429
    assert sign_in(client, PASSWORD, REMOTE_ADDR="192.0.2.11").status_code == 302


def test_a_success_clears_the_count(client, admin_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client)
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client)
    assert sign_in(client, PASSWORD).status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_header_changes_nothing(client, admin_user, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_behind_one_proxy_the_visitor_address_is_the_one_the_proxy_saw(client, admin_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The attacker forges the left part of the header; our proxy appends what it saw.
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7", **proxy)
    locked = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7", **proxy)
    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # Someone else behind the same proxy is not affected.
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.8", **proxy).status_code == 302


# --- Passwords ------------------------------------------------------------------------


def test_wagtails_new_user_form_refuses_weak_passwords(admin_client, django_user_model):
    data = {
        "username": "editor",
        "email": "editor@example.org",
        "first_name": "Ed",
        "last_name": "Itor",
        "password1": "password1",
        "password2": "password1",
        "is_active": "on",
    }
    response = admin_client.post(reverse("wagtailusers_users:add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in html
    assert "This password is too common." in html
    assert not django_user_model.objects.filter(username="editor").exists()


def test_changing_your_own_password_needs_a_strong_one(admin_client, admin_user):
    data = {
        "password-old_password": PASSWORD,
        "password-new_password1": "12345678901234",
        "password-new_password2": "12345678901234",
    }
    response = admin_client.post("/admin/account/", data)
    assert "This password is entirely numeric." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


# --- Sessions -------------------------------------------------------------------------


def test_an_admin_session_ends_with_the_browser_and_after_eight_hours(client, admin_user, settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    response = sign_in(client, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"], "a browser-session cookie"
    assert not cookie["expires"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    session = Session.objects.get(session_key=cookie.value)
    remaining = session.expire_date - timezone.now()
    assert timedelta(hours=7, minutes=59) < remaining <= timedelta(hours=8)
    assert client.get("/admin/").status_code == 200
    # Eight hours on, the server no longer knows the session, whatever the browser kept.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_sign_in_without_a_client_address_is_logged_without_one(client, admin_user):
    """force_login (and any request built without a socket) has no REMOTE_ADDR; the
    access log must still be written, on PostgreSQL's inet column too."""
    from axes.models import AccessLog

    client.force_login(admin_user)
    entry = AccessLog.objects.get(username=admin_user.username)
    assert entry.ip_address is None
    assert client.get("/admin/").status_code == 200
