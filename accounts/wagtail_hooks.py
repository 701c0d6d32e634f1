from django.urls import path, reverse

from wagtail import hooks

from accounts import views
from accounts.devices import has_authenticator


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("two-factor/", views.VerifyView.as_view(), name="accounts_2fa_verify"),
        path("two-factor/set-up/", views.SetupView.as_view(), name="accounts_2fa_setup"),
        path("two-factor/turn-off/", views.DisableView.as_view(), name="accounts_2fa_disable"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    """Account → "Two-factor authentication", to set up or replace the app."""
    on = has_authenticator(request.user)
    return {
        "url": reverse("accounts_2fa_setup"),
        "label": "Replace your authenticator app" if on else "Set up two-factor authentication",
        "help_text": "Two-factor authentication is on for your account."
        if on
        else "Ask for a code from an app on your phone each time you sign in.",
    }
