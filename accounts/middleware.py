"""Staff who must give a code have not reached the site until they have."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from accounts.devices import has_authenticator

# Pages someone signed in with a password only may still open.
ALWAYS_OPEN = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "accounts_2fa_verify",
}


class RequireTwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a signed-in user who has an authenticator app
    but has not given its code this session is sent to give it; with
    STAFF_2FA_REQUIRED, a staff user who has none yet is sent to set one up. Applies to
    public pages too, so a half-signed-in session passes no login-only page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            destination = self.destination(request, user)
            if destination:
                return redirect_to_login(request.get_full_path(), login_url=reverse(destination))
        return self.get_response(request)

    def destination(self, request, user) -> str | None:
        if has_authenticator(user):
            destination = "accounts_2fa_verify"
        elif settings.STAFF_2FA_REQUIRED and user.has_perm("wagtailadmin.access_admin"):
            destination = "accounts_2fa_setup"
        else:
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            url_name = None
        if url_name in ALWAYS_OPEN or url_name == destination:
            return None
        return destination
