from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "coproweek-demo"


class Command(BaseCommand):
    help = "Create the demo superuser for `make run`. Refuses to run unless DEBUG is on."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo superuser is for local development only; DEBUG is off here.")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=USERNAME, defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        self.stdout.write(f"Admin: http://127.0.0.1:8000/admin/  username: {USERNAME}  password: {PASSWORD}")
