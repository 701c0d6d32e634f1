"""Two-factor authentication pages in the Wagtail admin (under /admin/two-factor/).

Signing in takes a password (Wagtail's own sign-in page) and then, for anyone who has
an authenticator app, the six-digit code it shows (VerifyView). Setting one up shows a
QR code and asks for the first code to confirm it (SetupView).
"""

from urllib.parse import urlencode

from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View

from accounts import devices
from accounts.forms import SetupForm, VerifyForm

# Codes are never cached and never appear in error reports.
sensitive = method_decorator([never_cache, sensitive_post_parameters("code")], name="dispatch")


class NextUrlMixin:
    def next_url(self) -> str:
        """Where the person was going, if that is on this site; else the dashboard."""
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return target
        return reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


@sensitive
class VerifyView(NextUrlMixin, FormView):
    """Second step of signing in: the code from the person's authenticator app."""

    template_name = "accounts/verify.html"
    form_class = VerifyForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(self.next_url())
        if not devices.has_authenticator(request.user):
            return redirect(f"{reverse('accounts_2fa_setup')}?{urlencode({'next': self.next_url()})}")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        otp_login(self.request, form.verified_device)
        return redirect(self.next_url())


@sensitive
class SetupView(NextUrlMixin, FormView):
    """Set up (or replace) the authenticator app. Someone who already has one reaches
    this page only after giving its code (RequireTwoFactorMiddleware)."""

    template_name = "accounts/setup.html"
    form_class = SetupForm

    def dispatch(self, request, *args, **kwargs):
        self.device = devices.pending_device(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            qr_code=devices.qr_code_svg(self.device),
            secret=devices.secret_for_typing(self.device),
            replacing=devices.has_authenticator(self.request.user),
            required=settings.STAFF_2FA_REQUIRED,
            **kwargs,
        )

    def form_valid(self, form):
        devices.confirm(self.device)
        otp_login(self.request, self.device)
        messages.success(
            self.request, "Two-factor authentication is on: from now on, signing in asks for a code from your app."
        )
        return redirect(self.next_url())


class DisableView(View):
    """Turn two-factor authentication off for oneself, where the site does not require it."""

    def post(self, request):
        if settings.STAFF_2FA_REQUIRED:
            messages.error(request, "Two-factor authentication is required on this site for every staff account.")
        else:
            TOTPDevice.objects.devices_for_user(request.user).delete()
            messages.success(request, "Two-factor authentication is off for your account.")
        return redirect("wagtailadmin_account")
