"""The admin inbox for submissions, shared by every kind (built on wagtail-modeladmin).

`SubmissionInbox` lists submissions newest first, with filters for status, year and
date received, search, and CSV/Excel export. A submission is reviewed on its own page
and then accepted or declined; nothing in the inbox can create, edit or delete one.

A kind of submission adds a subclass naming its `model`, `list_display`,
`search_fields`, `list_export`, `inspect_view_fields` and an `accept_view_class`: an
`AcceptView` whose `accept()` builds the draft page and returns it.
"""

import abc
import datetime

from django import forms
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import label_for_field, lookup_field, quote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import cached_property
from django.utils.text import capfirst

from wagtail.admin import messages
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView, InstanceSpecificView

# The end of every review page: who decided what, when, and the page it made.
DECISION_FIELDS = ("decided_at", "decided_by", "decline_reason", "created_page")

# A cell starting with one of these is run as a formula by spreadsheet programs
# (CSV injection); such cells are exported with a leading apostrophe.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class YearFilter(SimpleListFilter):
    """By campaign year, newest first (the admin's related-field filter needs
    django.contrib.admin, which this site does not install)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        from campaign.models import CampaignYearPage

        return [(str(year), title) for year, title in CampaignYearPage.objects.values_list("year", "title")]

    def queryset(self, request, queryset):
        value = self.value() or ""
        # Anything but a year number (a hand-edited address) is ignored.
        return queryset.filter(campaign_year__year=int(value)) if value.isdigit() else queryset


class SubmissionPermissionHelper(PermissionHelper):
    """Submissions are only ever created by the public form and never edited or
    deleted in the admin; reviewing them needs the 'change' permission."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_review(self, user) -> bool:
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))


class SubmissionButtonHelper(ButtonHelper):
    def _button(self, action, obj, label, title, classnames=("button-secondary",)):
        return {
            "url": self.url_helper.get_action_url(action, quote(obj.pk)),
            "label": label,
            "classname": self.finalise_classname(list(classnames)),
            "title": title,
        }

    def inspect_button(self, pk, classnames_add=None, classnames_exclude=None):
        button = super().inspect_button(pk, classnames_add, classnames_exclude)
        button.update(label="Review", title=f"Review this {self.verbose_name}")
        return button

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        exclude = exclude or []
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if obj.is_new and self.permission_helper.user_can_review(self.request.user):
            if "accept" not in exclude:
                label = self.view.model_admin.accept_label
                buttons.append(self._button("accept", obj, label, f"{label}: {obj}", ("button-small",)))
            if "decline" not in exclude:
                buttons.append(self._button("decline", obj, "Decline", f"Decline {obj}", ("button-small", "no")))
        if obj.created_page_id and "page" not in exclude:
            buttons.append(
                {
                    "url": reverse("wagtailadmin_pages:edit", args=[obj.created_page_id]),
                    "label": "Edit the page",
                    "classname": self.finalise_classname(["button-secondary", "button-small"]),
                    "title": f"Edit the page made from {obj}",
                }
            )
        return buttons


class SubmissionIndexView(IndexView):
    """The list, and its CSV/Excel export: headings from the model admin's
    `export_headings` or the fields' own names, empty cells empty, local times, and
    formula-like text neutralised."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            **IndexView.custom_value_preprocess[datetime.datetime],
            IndexView.FORMAT_CSV: lambda value: f"{timezone.localtime(value):%Y-%m-%d %H:%M}",
        },
        datetime.time: {IndexView.FORMAT_CSV: lambda value: f"{value:%H:%M}"},
    }

    def get_heading(self, queryset, field):
        headings = getattr(self.model_admin, "export_headings", {})
        if field in headings:
            return headings[field]
        return capfirst(force_str(label_for_field(field, model=self.model, model_admin=self.model_admin)))

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            _, _, value = lookup_field(field, item, self.model_admin)
            if isinstance(value, bool):
                value = "Yes" if value else "No"
            row[field] = "" if value is None else neutralise_formula(value)
        return row


class SubmissionInspectView(InspectView):
    page_title = "Review"

    def get_meta_title(self):
        return f"Review {self.verbose_name}"

    def get_template_names(self):
        return [f"submissions/admin/inspect_{self.opts.model_name}.html", "submissions/admin/inspect.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["buttons"] = self.button_helper.get_buttons_for_obj(self.instance, exclude=["inspect"])
        return context


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is it declined?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the submission for the team's records; not sent to anyone.",
        error_messages={"required": "Give a reason, so the team knows later why it was declined."},
    )


class ReviewView(InstanceSpecificView):
    """A decision on one submission; needs the 'change' permission and a new submission."""

    template_name = ""
    action_label = ""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_review(user)

    def get_page_title(self):
        return f"{self.action_label} {self.opts.verbose_name}"

    def dispatch(self, request, *args, **kwargs):
        if self.check_action_permitted(request.user) and not self.instance.is_new:
            messages.warning(
                request, f"‘{self.instance}’ was already {self.instance.get_status_display().lower()}; nothing changed."
            )
            return redirect(self.url_helper.get_action_url("inspect", quote(self.instance.pk)))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def inspect_url(self):
        return self.url_helper.get_action_url("inspect", quote(self.instance.pk))

    def locked_instance(self):
        """The submission, locked for this transaction, or None if someone decided it meanwhile."""
        instance = type(self.instance).objects.select_for_update().get(pk=self.instance.pk)
        return instance if instance.is_new else None

    def get_template_names(self):
        return [self.template_name]


class DeclineView(ReviewView):
    template_name = "submissions/admin/decline.html"
    action_label = "Decline"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", DeclineForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            instance = self.locked_instance()
            if instance is None:
                messages.warning(request, f"‘{self.instance}’ was decided by someone else meanwhile; nothing changed.")
                return redirect(self.inspect_url)
            instance.mark_declined(form.cleaned_data["reason"], request.user)
            log(instance, "submissions.decline", user=request.user, data={"reason": form.cleaned_data["reason"]})
        messages.success(request, f"Declined ‘{instance}’. It stays in the inbox with your reason.")
        return redirect(self.index_url)


class AcceptView(ReviewView, metaclass=abc.ABCMeta):
    """Accepting makes a draft page from the submission and opens it in the editor.
    Subclasses implement `accept(instance)`, returning the new page, and may raise
    `AcceptRefused` with a message for the editor."""

    template_name = "submissions/admin/accept.html"
    action_label = "Accept"

    class AcceptRefused(Exception):
        pass

    @abc.abstractmethod
    def accept(self, instance):
        """Make the draft page for `instance` and return it."""

    def accepted_message(self, instance, page) -> str:
        return f"Accepted ‘{instance}’: here is its draft page. Check it, then publish it when it is ready."

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                instance = self.locked_instance()
                if instance is None:
                    messages.warning(
                        request, f"‘{self.instance}’ was decided by someone else meanwhile; nothing changed."
                    )
                    return redirect(self.inspect_url)
                page = self.accept(instance)
                instance.mark_accepted(page, request.user)
                log(instance, "submissions.accept", user=request.user, data={"page_id": page.pk})
        except self.AcceptRefused as refusal:
            messages.error(request, str(refusal))
            return self.render_to_response(self.get_context_data())
        except ValidationError as error:
            # The page's own rules refused it (say, the year's dates changed since the
            # submission came in); nothing was made and the submission is still new.
            messages.error(request, "The page could not be made: " + " ".join(error.messages))
            return self.render_to_response(self.get_context_data())
        messages.success(request, self.accepted_message(instance, page))
        return redirect("wagtailadmin_pages:edit", page.pk)


class SubmissionInbox(ModelAdmin):
    menu_icon = "mail"
    inspect_view_enabled = True
    list_per_page = 50
    ordering = ["-received_at"]
    list_filter = ("status", YearFilter, "received_at")
    list_select_related = ("campaign_year",)
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView
    permission_helper_class = SubmissionPermissionHelper
    button_helper_class = SubmissionButtonHelper
    decline_view_class = DeclineView
    accept_view_class = None
    # What the button that leads to the accept view says.
    accept_label = "Accept"
    # Column headings in the export where the field's own name will not do; kinds of
    # submission add theirs with {**SubmissionInbox.export_headings, ...}.
    export_headings = {"received_at": "Received", "status_label": "Status", "campaign_year": "Year"}

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = "Status"

    def accept_view(self, request, instance_pk):
        return self.accept_view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def decline_view(self, request, instance_pk):
        return self.decline_view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        helper = self.url_helper

        def url(action, view):
            return re_path(helper.get_action_url_pattern(action), view, name=helper.get_action_url_name(action))

        return (
            url("index", self.index_view),
            url("inspect", self.inspect_view),
            # Links to "edit" a submission (from the admin's search or history) land on
            # its review page: submissions themselves are never edited.
            url("edit", self.inspect_view),
            url("history", self.history_view),
            url("accept", self.accept_view),
            url("decline", self.decline_view),
        )
