"""What a visitor sees when something goes wrong: a branded page with the right status,
never a traceback, and a 400 (not a 500) for requests over Django's limits."""

import pytest

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.template import loader
from django.test import Client, RequestFactory

from site_config.views import server_error

BRAND = "Co-production Week Scotland"


def assert_branded(response, status: int, heading: str):
    html = response.content.decode()
    assert response.status_code == status
    assert BRAND in html
    assert f"<h1>{heading}</h1>" in html
    assert 'href="/"' in html, "every error page offers a way back"
    for leak in ("Traceback", 'File "', "site-packages", "Exception", "settings."):
        assert leak not in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.fixture
def quiet_client():
    """A client that gets the error page instead of the exception, as a browser does."""
    return Client(raise_request_exception=False)


def break_search(monkeypatch, exception: Exception):
    def broken(*args, **kwargs):
        raise exception

    monkeypatch.setattr("search.views.SearchForm", broken)


def test_an_unknown_host_is_refused_with_a_400(client, demo, settings):
    settings.ALLOWED_HOSTS = ["coproweek.example"]
    assert client.get("/2017/", HTTP_HOST="coproweek.example").status_code == 200
    response = client.get("/2017/", HTTP_HOST="evil.example")
    assert_branded(response, 400, "We could not read that request")


def test_a_missing_page_is_a_branded_404(client, demo):
    assert_branded(client.get("/2017/no-such-day/"), 404, "Page not found")


def test_a_refused_page_is_a_branded_403(client, demo, monkeypatch):
    break_search(monkeypatch, PermissionDenied("private"))
    assert_branded(client.get("/search/?q=x"), 403, "You cannot see this page")


def test_a_suspicious_request_is_a_branded_400(client, demo, monkeypatch):
    break_search(monkeypatch, SuspiciousOperation("odd"))
    assert_branded(client.get("/search/?q=x"), 400, "We could not read that request")


def test_a_form_without_its_csrf_token_is_a_branded_403(demo):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert_branded(response, 403, "Please send the form again")


def test_a_crash_is_a_branded_500_without_a_traceback(quiet_client, demo, monkeypatch):
    break_search(monkeypatch, RuntimeError("secret internal detail"))
    response = quiet_client.get("/search/?q=x")
    assert_branded(response, 500, "Sorry, something went wrong")
    assert "secret internal detail" not in response.content.decode()


def test_a_lost_database_is_a_branded_503_asking_to_retry(quiet_client, demo, monkeypatch):
    break_search(monkeypatch, OperationalError("connection to server at 127.0.0.1 failed: Connection refused"))
    response = quiet_client.get("/search/?q=x")
    assert_branded(response, 503, "The site is briefly unavailable")
    assert response["Retry-After"] == "60"
    assert "127.0.0.1" not in response.content.decode()


def test_a_query_mistake_is_still_a_500_not_a_503(quiet_client, demo, monkeypatch):
    break_search(monkeypatch, OperationalError("no such table: campaign_eventpage"))
    assert quiet_client.get("/search/?q=x").status_code == 500


@pytest.mark.parametrize("template", ["400.html", "403_csrf.html", "500.html", "503.html"])
def test_error_pages_render_without_any_request_or_context(template):
    """Django renders these with no request (and 500/503 may be about a lost database):
    they must not need one."""
    html = loader.get_template(template).render()
    assert BRAND in html
    assert "/static/css/site" in html


def test_the_500_handler_needs_no_database(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500


# --- Requests over Django's limits ----------------------------------------------------


@pytest.fixture
def form_client(demo):
    """A client that behaves like a browser posting a form: it holds the CSRF cookie a
    form page set, and the CSRF check reads the posted body (so the limits apply)."""
    client = Client(enforce_csrf_checks=True)
    client.get("/admin/login/")
    assert "csrftoken" in client.cookies
    return client


def test_too_many_fields_is_a_branded_400(form_client, settings):
    fields = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert_branded(form_client.post("/2017/", fields), 400, "We could not read that request")


def test_too_many_files_is_a_branded_400(form_client, settings):
    files = {
        f"photo{i}": SimpleUploadedFile(f"photo{i}.txt", b"x") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    }
    assert_branded(form_client.post("/2017/", files), 400, "We could not read that request")


def test_a_body_too_large_is_a_branded_400(form_client, settings):
    body = {"story": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    assert_branded(form_client.post("/2017/", body), 400, "We could not read that request")


def test_within_the_limits_a_form_post_is_read(form_client, settings):
    """The same kind of post, just under each limit, gets past the request parsing (the
    CSRF check then refuses it, having read it: 403, not 400)."""
    fields = {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS - 1)}
    assert form_client.post("/2017/", fields).status_code == 403


def test_limits_are_set_deliberately(settings):
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 10_000, "the page editor posts thousands of fields"
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == 20
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * 1024 * 1024


def test_the_page_editor_still_saves_a_page_with_thousands_of_fields(admin_client, demo):
    """Far more than Django's default 1,000 fields: the editor's posts stay accepted."""
    from campaign.models import CampaignYearPage
    from tests.admin_forms import edit_page_url, year_form

    year = CampaignYearPage.objects.get(year=2018)
    data = year_form(
        title=year.title,
        year="2018",
        slug=year.slug,
        start_date="2018-11-19",
        end_date="2018-11-25",
        strapline="Edited with a big form",
    )
    data.update({f"padding-{i}": "" for i in range(3_000)})
    response = admin_client.post(edit_page_url(year), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    year.refresh_from_db()
    assert year.get_latest_revision_as_object().strapline == "Edited with a big form"
