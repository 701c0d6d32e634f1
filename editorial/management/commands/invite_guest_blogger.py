from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from editorial.invitations import InvitationRefused, invite_guest_blogger


class Command(BaseCommand):
    help = (
        "Invite a guest blogger: create their account in the 'Guest bloggers' group, link it to a person in "
        "People (an existing person of that name without an account, or a new one), and email them a link "
        "to set their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="Where the invitation goes; also their username.")
        parser.add_argument("--name", required=True, help="Their name as it appears on their posts.")
        parser.add_argument("--role", default="", help="For example: 'Director of Integration'.")
        parser.add_argument("--organisation", default="", help="Their organisation's name (reused if known).")

    def handle(self, *args, email, name, role, organisation, **options):
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"{email!r} is not an email address.") from error
        if not name.strip():
            raise CommandError("Give the guest blogger's name with --name.")
        try:
            invitation = invite_guest_blogger(email=email, name=name, role=role, organisation=organisation)
        except InvitationRefused as refusal:
            raise CommandError(str(refusal)) from refusal

        person = invitation.person
        linked = "linked to the existing person" if invitation.person_existed else "with a new person"
        self.stdout.write(
            self.style.SUCCESS(f"Invited {invitation.user.email} as a guest blogger, {linked} “{person.name}”.")
        )
        if invitation.email_sent:
            self.stdout.write(f"The set-password link was emailed to {invitation.user.email}.")
        else:
            self.stderr.write(
                self.style.WARNING(
                    "The email could not be sent (see the log). Send them this set-password link yourself:\n"
                    f"  {invitation.set_password_url}"
                )
            )
