"""The page form for posts guest bloggers write. Imported by blog.models while models
load, so it imports no models itself."""

import functools

from django import forms
from django.apps import apps

from core.forms import ParentAwarePageForm
from editorial.permissions import can_choose


class PermissionedFormsetsMixin:
    """`formset_permissions` does for inline panels what Wagtail's `field_permissions`
    does for fields. It maps a formset to the model its chooser picks from (a model
    label); a user who may not choose that model's records gets the form without it."""

    formset_permissions: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = kwargs.get("for_user")
        if user is not None:
            for name, model_label in self.formset_permissions.items():
                if not can_choose(user, apps.get_model(model_label)):
                    self.formsets.pop(name, None)


class ScheduleForPublishersMixin:
    """Go-live and expiry dates only for those who may publish the page. A guest
    blogger's post goes live when a moderator approves or schedules it, never at a time the
    guest set."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = kwargs.get("for_user")
        if user is not None and not self.user_may_publish(user):
            for name in ("go_live_at", "expire_at"):
                self.fields.pop(name, None)
            # Wagtail offers "Set schedule" when the form *class* has the fields (and puts
            # its own mixin first in the class it builds), so this form becomes a subclass
            # that says no.
            self.__class__ = without_schedule_toggle(type(self))

    def user_may_publish(self, user) -> bool:
        if self.instance.pk:
            return self.instance.permissions_for_user(user).can_publish()
        return self.parent_page is not None and self.parent_page.permissions_for_user(user).can_publish_subpage()


class NoScheduleToggle:
    show_schedule_publishing_toggle = False


@functools.cache
def without_schedule_toggle(form_class):
    return type(form_class)(form_class.__name__, (NoScheduleToggle, form_class), {"__module__": form_class.__module__})


class BlogPostPageForm(PermissionedFormsetsMixin, ScheduleForPublishersMixin, ParentAwarePageForm):
    """Staff choose a post's authors. A guest blogger cannot open the People chooser: a
    post they create is credited to the person linked to their account.

    The credit is given here, before the page and its first revision are saved, and not in
    an `after_create_page` hook: by then the revision is saved (and, when submitted, under
    review), and publishing that revision would drop an author added afterwards."""

    formset_permissions = {"authors": "core.Person"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = kwargs.get("for_user")

    @property
    def credits_the_user(self) -> bool:
        return self.user is not None and not self.instance.pk and "authors" not in self.formsets

    def clean(self):
        cleaned_data = super().clean()
        if self.credits_the_user:
            self.person = apps.get_model("core", "Person").objects.filter(user=self.user).first()
            if self.person is None:
                raise forms.ValidationError(
                    "Your account is not linked to a person in People, so the post cannot say who wrote it. "
                    "Ask the Co-production Week team to link your account; nothing has been saved."
                )
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=commit)
        if self.credits_the_user:
            # Kept on the unsaved page; Wagtail saves it with the page and its first revision.
            page.authors.add(apps.get_model("blog", "BlogPostAuthor")(person=self.person))
        return page
