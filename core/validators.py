"""Validators shared by models and forms, with messages an editor understands."""

from django.core.validators import RegexValidator

hashtag_validator = RegexValidator(
    r"^#[A-Za-z0-9_]{1,100}$",
    "Enter a hashtag that starts with # and has only letters, numbers and underscores, for example #CoProWeekScot.",
)

social_handle_validator = RegexValidator(
    r"^@[A-Za-z0-9_.\-]{1,60}$",
    "Enter a handle that starts with @, for example @ScotCoPro.",
)
