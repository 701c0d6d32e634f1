"""Middleware that decides which Content-Security-Policy a response carries."""

from functools import cache

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.urls import reverse


@cache
def admin_prefix() -> str:
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, giving pages under the Wagtail admin the admin's own,
    looser policy (CONTENT_SECURITY_POLICY_ADMIN; settings/security.py says why) and
    every other response the strict public one (CONTENT_SECURITY_POLICY).

    A page preview is the public page, rendered by Wagtail through this same middleware
    for a stand-in request to the page's own address (request.is_dummy), and shown in
    the editor's preview panel: it keeps the public policy, except that the admin, on
    this same site, may frame it."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts  # a view's own @csp decorator wins
        if request.path_info.startswith(admin_prefix()):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        elif getattr(request, "is_dummy", False):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
