from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff sign-in: two-factor authentication with an authenticator app (django-otp)."""

    name = "accounts"
    verbose_name = "Staff accounts"
