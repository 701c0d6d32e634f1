"""Inviting a guest blogger: an account in the "Guest bloggers" group, linked to a person
in People (so their posts are credited to them), and an email with a link to set their
password. Used by the `invite_guest_blogger` command and the admin's invitation form."""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.models import Organisation, Person
from editorial.roles import GUEST_BLOGGERS

logger = logging.getLogger(__name__)


class InvitationRefused(Exception):
    """The invitation would duplicate an account; the message says which."""


@dataclass
class Invitation:
    user: object
    person: Person
    person_existed: bool
    set_password_url: str
    email_sent: bool = False


def duplicate_account_message(email: str) -> str | None:
    User = get_user_model()
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is not None:
        return f"There is already an account for {email} (username “{existing.get_username()}”). Nothing was created."
    return None


def duplicate_person_message(name: str) -> str | None:
    linked = Person.objects.filter(name__iexact=name, user__isnull=False).select_related("user").first()
    if linked is not None:
        return (
            f"{linked.name} in People already has an account ({linked.user.email or linked.user.get_username()}). "
            "Nothing was created."
        )
    return None


def set_password_url(user) -> str:
    """Wagtail's own set-password page, with Django's one-time token. It works once, for
    PASSWORD_RESET_TIMEOUT (three days); after that the guest can ask for a new link with
    "Forgotten password?" on the login page."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return settings.WAGTAILADMIN_BASE_URL + path


def invite_guest_blogger(*, email: str, name: str, role: str = "", organisation: str = "") -> Invitation:
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    name = name.strip()
    for message in (duplicate_account_message(email), duplicate_person_message(name)):
        if message:
            raise InvitationRefused(message)

    with transaction.atomic():
        first_name, _, last_name = name.partition(" ")
        user = get_user_model().objects.create_user(
            username=email,
            email=email,
            first_name=first_name[:150],
            last_name=last_name[:150],
            # A random password nobody knows, rather than an unusable one, so that Wagtail's
            # "Forgotten password?" also works for them once the invitation link has expired.
            password=secrets.token_urlsafe(32),
        )
        user.groups.add(Group.objects.get(name=GUEST_BLOGGERS))
        person, person_existed = _person_for(name, role.strip(), organisation.strip())
        person.user = user
        person.save()
        invitation = Invitation(user, person, person_existed, set_password_url(user))

    invitation.email_sent = _send_invitation_email(invitation)
    return invitation


def _person_for(name: str, role: str, organisation_name: str) -> tuple[Person, bool]:
    """The person in People with this name, if they have no account yet (so their earlier
    posts stay credited to the same record), else a new one. Role and organisation fill
    gaps in an existing record but never overwrite it."""
    organisation = None
    if organisation_name:
        organisation = Organisation.objects.filter(name__iexact=organisation_name).first()
        if organisation is None:
            organisation = Organisation.objects.create(name=organisation_name)
    person = Person.objects.filter(name__iexact=name, user__isnull=True).first()
    if person is None:
        return Person(name=name, role=role, organisation=organisation), False
    person.role = person.role or role
    person.organisation = person.organisation or organisation
    return person, True


def _send_invitation_email(invitation: Invitation) -> bool:
    context = {
        "invitation": invitation,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "login_url": settings.WAGTAILADMIN_BASE_URL + reverse("wagtailadmin_login"),
    }
    try:
        send_mail(
            render_to_string("editorial/emails/invitation_subject.txt", context).strip(),
            render_to_string("editorial/emails/invitation.txt", context),
            None,
            [invitation.user.email],
        )
    except Exception:
        logger.exception("Could not email the invitation to %s.", invitation.user.email)
        return False
    return True
