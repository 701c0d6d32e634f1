"""Security headers on real responses: a strict policy on public pages, a looser one
in the admin, and the HTTPS-only settings of production."""

import json

import pytest

from tests.production import clean_environ, run_manage, run_python

PUBLIC_PATHS = ["/", "/2017/", "/2017/blog/", "/search/?q=power", "/people/", "/feeds/rss/", "/no-such-page/"]


def directives(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_responses_carry_a_strict_content_security_policy(client, demo, path):
    response = client.get(path)
    assert response.status_code in {200, 404}
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"], "only the site's own script files may run: no inline script, no eval"
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"], "no other site may frame ours"
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_public_pages_carry_the_other_security_headers(client, demo):
    response = client.get("/2017/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "browsing-topics=()"):
        assert feature in permissions
    assert "clipboard-write=(self)" in permissions, "the 'Copy this post' buttons need it"


def test_the_admin_has_its_own_looser_policy(admin_client, demo):
    response = admin_client.get("/admin/pages/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"], "Wagtail 8's admin still has inline scripts"
    assert policy["frame-ancestors"] == ["'self'"], "the preview panel frames pages from this site"
    assert policy["object-src"] == ["'none'"]
    assert "Permissions-Policy" in response
    # ...and the public pages keep the strict one, even for a signed-in editor.
    public = directives(admin_client.get("/2017/")["Content-Security-Policy"])
    assert public["script-src"] == ["'self'"]


def test_a_preview_keeps_the_public_policy_but_may_be_framed_by_the_admin(demo):
    """Wagtail renders a preview through the middleware for a stand-in request to the
    page's own address; the editor then shows it in its preview panel."""
    from campaign.models import CampaignYearPage

    response = CampaignYearPage.objects.get(year=2017).make_preview_request()
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"], "the editor's preview panel frames it"
    assert policy["script-src"] == ["'self'"], "the page itself is held to the public policy"


def test_json_ld_and_social_meta_need_no_script_permission(client, demo):
    """Pages carry no inline script: the only <script> elements are external files or
    JSON data blocks, which the policy does not need to allow."""
    html = client.get("/2017/").content.decode()
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/ld+json"' in opening, opening


def test_cookies_are_http_only_and_same_site(client, demo):
    response = client.get("/admin/login/")
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


def production(**extra) -> dict:
    return clean_environ(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY="p" * 20 + "-production-test-key-" + "q" * 20,
        ALLOWED_HOSTS="coproweek.example",
        **extra,
    )


def test_check_deploy_reports_nothing_for_production_settings():
    result = run_manage(production(), "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues (1 silenced)." in result.stdout + result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="coproweek.example")
http = client.get("/admin/login/")
https = client.get("/admin/login/", secure=True)
cookie = https.cookies["csrftoken"]
print(json.dumps({
    "http_status": http.status_code,
    "http_location": http.get("Location"),
    "hsts": https.get("Strict-Transport-Security"),
    "csp": https.get("Content-Security-Policy"),
    "csrf_cookie": {"secure": bool(cookie["secure"]), "httponly": bool(cookie["httponly"]),
                    "samesite": cookie["samesite"]},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_cookie_samesite": settings.SESSION_COOKIE_SAMESITE,
    "two_factor": settings.STAFF_2FA_REQUIRED,
}))
"""


@pytest.mark.slow
def test_production_is_https_only_with_hsts_and_secure_cookies(scratch_site, demo_archive, production_static):
    scratch_site.restore(demo_archive[0], "--replace")
    env = production(
        DATABASE_URL=scratch_site.database_url,
        MEDIA_ROOT=str(scratch_site.media_root),
        STATIC_ROOT=str(production_static),
    )
    seen = json.loads(run_python(env, PROBE).strip().splitlines()[-1])
    assert seen["http_status"] == 301
    assert seen["http_location"] == "https://coproweek.example/admin/login/"
    hsts = dict(part.strip().partition("=")[::2] for part in seen["hsts"].split(";"))
    assert int(hsts["max-age"]) >= 183 * 24 * 60 * 60, "at least six months"
    assert "includeSubDomains" in hsts
    assert "upgrade-insecure-requests" in seen["csp"]
    assert seen["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert seen["session_cookie_secure"]
    assert seen["session_cookie_httponly"]
    assert seen["session_cookie_samesite"] == "Lax"
    assert seen["two_factor"] is True, "two-factor authentication is on in production unless turned off"
