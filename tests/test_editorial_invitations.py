"""Inviting a guest blogger, by command or in the admin: an account in the group, a person
in People linked to it, and an email with a link to set a password."""

import io
import re
from unittest import mock

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.models import Organisation, Person
from editorial.roles import GUEST_BLOGGERS
from tests.factories import UserFactory

User = get_user_model()


def invite(**options):
    args = [f"--{name}={value}" for name, value in options.items()]
    call_command("invite_guest_blogger", *args, stdout=io.StringIO(), stderr=io.StringIO())


def set_password_link(message) -> str:
    return re.search(r"http://testserver(/admin/password_reset/confirm/\S+/)", message.body).group(1)


def test_the_command_invites_and_the_link_sets_a_password(client, demo):
    invite(email="Jo.Bloggs@Example.org", name="Jo Bloggs", role="Community organiser", organisation="Fife Voices")

    user = User.objects.get(email="jo.bloggs@example.org")
    assert list(user.groups.values_list("name", flat=True)) == [GUEST_BLOGGERS]
    person = Person.objects.get(user=user)
    assert person.name == "Jo Bloggs"
    assert person.role_and_organisation == "Community organiser, Fife Voices"
    [message] = mail.outbox
    assert message.to == ["jo.bloggs@example.org"]
    assert "Your username is: jo.bloggs@example.org" in message.body

    # The link leads to Wagtail's own set-password form, once.
    form_url = client.get(set_password_link(message), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "co-production-2024!", "new_password2": "co-production-2024!"})
    assert response.status_code == 302
    # Signing in through the admin's own form, as the new blogger will.
    signed_in = client.post(
        reverse("wagtailadmin_login"), {"username": "jo.bloggs@example.org", "password": "co-production-2024!"}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_an_existing_person_without_an_account_is_linked_not_duplicated(demo):
    person = Person.objects.get(name="Gerry Power")
    invite(email="gerry@example.org", name="gerry power")

    person.refresh_from_db()
    assert person.user.email == "gerry@example.org"
    assert Person.objects.filter(name__iexact="gerry power").count() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"email": "taken@example.org", "name": "Someone New"},
            "There is already an account for taken@example.org",
        ),
        (
            {"email": "new@example.org", "name": "Linked Person"},
            "Linked Person in People already has an account",
        ),
        ({"email": "not-an-address", "name": "Someone"}, "'not-an-address' is not an email address."),
    ],
)
def test_the_command_refuses_duplicates_and_bad_input(demo, options, message):
    existing = UserFactory(username="taken", email="taken@example.org")
    Person.objects.create(name="Linked Person", user=existing)
    accounts, people = User.objects.count(), Person.objects.count()

    with pytest.raises(CommandError, match=re.escape(message)):
        invite(**options)
    assert (User.objects.count(), Person.objects.count()) == (accounts, people)
    assert not mail.outbox


def test_when_the_email_fails_the_command_prints_the_link(demo, capsys):
    with mock.patch("editorial.invitations.send_mail", side_effect=OSError("mail server down")):
        call_command("invite_guest_blogger", "--email=sam@example.org", "--name=Sam Reid")

    err = capsys.readouterr().err
    assert "The email could not be sent" in err
    assert "/admin/password_reset/confirm/" in err
    assert User.objects.filter(email="sam@example.org").exists()


def test_a_superuser_invites_in_the_admin(admin_client, demo):
    form = admin_client.get(reverse("editorial_invite_guest_blogger")).content.decode()
    assert "Invite a guest blogger" in form
    assert 'name="organisation"' in form
    alliance = Organisation.objects.get(name__startswith="Health and Social Care Alliance")
    organisations = Organisation.objects.count()
    response = admin_client.post(
        reverse("editorial_invite_guest_blogger"),
        {"email": "ana@example.org", "name": "Ana Silva", "role": "", "organisation": alliance.name.upper()},
    )

    assert response.status_code == 302
    person = Person.objects.get(user__email="ana@example.org")
    assert person.organisation == alliance, "an organisation already known is reused"
    assert Organisation.objects.count() == organisations
    assert mail.outbox[0].to == ["ana@example.org"]


def test_the_admin_form_refuses_a_duplicate_with_a_message(admin_client, demo):
    UserFactory(username="ana", email="ana@example.org")
    response = admin_client.post(
        reverse("editorial_invite_guest_blogger"), {"email": "ANA@example.org", "name": "Ana Silva"}
    )
    assert "There is already an account for ana@example.org" in response.content.decode()
    assert not Person.objects.filter(name="Ana Silva").exists()


def test_editors_cannot_invite(client, editor):
    client.force_login(editor)
    assert "Invite a guest blogger" not in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.post(reverse("editorial_invite_guest_blogger"), {"email": "x@example.org", "name": "X"})
    assert response.status_code == 302
    assert not User.objects.filter(email="x@example.org").exists()
