"""Site-wide error responses: what a visitor sees when something goes wrong.

Django's own handlers serve 400.html, 403.html, 403_csrf.html and 404.html from
site_config/templates/; only the 500 handler is ours, so that a lost database shows a
"try again in a minute" page (503) instead of "something went wrong" (500). Neither
ever shows a traceback: DEBUG is never on in production.
"""

import math
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

# Seconds a client (or a proxy, or a crawler) is asked to wait before trying again.
RETRY_AFTER_SECONDS = 60
# SQLite reports mistakes in a query as OperationalError too; those are bugs (500).
SQLITE_QUERY_MISTAKES = ("no such table", "no such column", "syntax error")


def database_is_unreachable(exc: BaseException | None) -> bool:
    """True for the errors the database drivers raise when the database cannot be
    reached or the connection was lost (refused, shut down, closed, locked), as opposed
    to a mistake in a query, which is a 500 like any other bug."""
    if isinstance(exc, InterfaceError):
        return True
    return isinstance(exc, OperationalError) and not str(exc).startswith(SQLITE_QUERY_MISTAKES)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500. Called while the exception is being handled, so it can tell what
    went wrong; it renders without a request context, because the request, the
    session or the database may be what failed."""
    if database_is_unreachable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(loader.get_template(template_name).render(), status=500)


def login_locked(request, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the admin's sign-in page
    look, saying in plain words how long to wait."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    wait = f"{minutes} minute{'s' if minutes != 1 else ''}"
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "wait": wait}
    return render(request, "login_locked.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
