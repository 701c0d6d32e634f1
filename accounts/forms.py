"""The six-digit code forms: confirming a sign-in, and confirming a new authenticator."""

from django_otp.forms import OTPAuthenticationFormMixin

from django import forms

from accounts.devices import confirmed_device


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label="Six-digit code",
            max_length=8,
            error_messages={"required": "Enter the six-digit code from your authenticator app."},
            strip=True,
            help_text="The code your authenticator app shows now for Co-production Week Scotland.",
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9 ]*", "autofocus": True}
            ),
            **kwargs,
        )

    def to_python(self, value):
        # Apps show the code as "123 456"; people type it either way.
        return super().to_python(value).replace(" ", "")


class CodeFormMixin(OTPAuthenticationFormMixin):
    """django-otp's checking of a code against one device, with its throttling (each
    wrong code doubles the wait before the next try) and its messages, in our words."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Enter the six-digit code from your authenticator app.",
        "invalid_token": "That code is not right, or it has expired. Enter the code your app shows now.",
    }

    def __init__(self, user, device, *args, **kwargs):
        self.user = user
        self.device = device
        super().__init__(*args, **kwargs)

    def _chosen_device(self, user):
        return self.device

    def clean(self):
        cleaned = super().clean()
        if "code" in cleaned:
            cleaned["otp_token"] = cleaned["code"]
            try:
                self.clean_otp(self.user)
            except forms.ValidationError as error:
                # Shown next to the field it is about, where a screen reader finds it.
                self.add_error("code", error)
        return cleaned

    @property
    def verified_device(self):
        return getattr(self.user, "otp_device", None)


class VerifyForm(CodeFormMixin, forms.Form):
    """Second step of signing in, for someone who has an authenticator app."""

    code = CodeField()

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, confirmed_device(user), *args, **kwargs)


class SetupForm(CodeFormMixin, forms.Form):
    """Setting up an authenticator app: the first code it shows proves it has the secret."""

    code = CodeField()
