"""Remove a staff member's authenticator app, e.g. after they lost their phone."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor authenticator app (after a lost phone). They set up a "
        "new one the next time they sign in (or, where 2FA is optional, may choose not to)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"There is no user called {username!r}.") from exc
        removed, _ = TOTPDevice.objects.devices_for_user(user).delete()
        if removed:
            self.stdout.write(f"Removed the authenticator app of {username}; they set up a new one at next sign-in.")
        else:
            self.stdout.write(f"{username} had no authenticator app; nothing changed.")
