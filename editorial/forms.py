"""Admin forms of the editorial workflow: inviting a guest blogger, shared preview links."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser

from editorial.invitations import duplicate_account_message, duplicate_person_message
from editorial.models import PreviewLink


# --- Inviting a guest blogger ---------------------------------------------------------------
class InviteGuestBloggerForm(forms.Form):
    email = forms.EmailField(help_text="The set-password link is sent here; it is also their username.")
    name = forms.CharField(max_length=150, help_text="As it should appear on their posts.")
    role = forms.CharField(max_length=200, required=False, help_text="For example: Director of Integration.")
    organisation = forms.CharField(
        max_length=200,
        required=False,
        help_text="Their organisation. An organisation already in People & organisations is reused.",
    )

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()
        message = duplicate_account_message(email)
        if message:
            raise forms.ValidationError(message)
        return email

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        message = duplicate_person_message(name)
        if message:
            raise forms.ValidationError(message)
        return name


# --- Shared preview links -------------------------------------------------------------------
LIFETIMES = [(1, "1 day"), (3, "3 days"), (7, "1 week"), (14, "2 weeks"), (30, "30 days")]


class PreviewLinkCreateForm(WagtailAdminModelForm):
    lifetime = forms.TypedChoiceField(
        label="Works for", choices=LIFETIMES, coerce=int, initial=7, help_text="The link stops working after this."
    )

    class Meta:
        model = PreviewLink
        fields = ["page", "shared_with"]
        widgets = {"page": AdminPageChooser(can_choose_root=False)}

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("for_user")
        super().__init__(*args, **kwargs)
        self.fields["page"].help_text = "The page whose latest draft the link shows."

    def clean_page(self):
        page = self.cleaned_data["page"]
        if self.user is not None and not may_share_preview_of(self.user, page):
            raise forms.ValidationError("You can only share a preview of a page you may edit or review.")
        return page

    def save(self, commit=True):
        self.instance.expires_at = timezone.now() + datetime.timedelta(days=self.cleaned_data["lifetime"])
        return super().save(commit=commit)


class PreviewLinkEditForm(WagtailAdminModelForm):
    class Meta:
        model = PreviewLink
        fields = ["shared_with", "expires_at"]


def may_share_preview_of(user, page) -> bool:
    """Whoever may see the page's draft in the admin: its editors, publishers, and the
    reviewers of its current workflow step."""
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()
