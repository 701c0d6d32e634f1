"""The public view of a shared preview link, and the admin's invitation form."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from editorial.forms import InviteGuestBloggerForm
from editorial.invitations import InvitationRefused, invite_guest_blogger
from editorial.models import PreviewLink, hash_token

INVITE_PERMISSION = "auth.add_user"


@require_safe
def shared_preview(request, token):
    """The latest draft of a page, rendered as a visitor without an account would see it
    once published: no admin bar, nothing to edit, not for search engines."""
    link = PreviewLink.objects.select_related("page").filter(token_hash=hash_token(token)).first()
    if link is None:
        raise Http404("No such preview link.")
    if link.status != "active":
        response = TemplateResponse(request, "editorial/preview_link_gone.html", {"link": link}, status=410)
    else:
        draft = link.page.specific.get_latest_revision_as_object()
        request.user = AnonymousUser()
        request.is_preview = True
        request.preview_mode = draft.default_preview_mode
        request.shared_preview_link = link
        response = draft.serve_preview(request, draft.default_preview_mode)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address is the secret: never send it on to sites the draft links to.
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response


class InviteGuestBloggerView(WagtailAdminTemplateMixin, FormView):
    """Superusers (anyone who may add users) invite a guest blogger. Editors may not:
    inviting creates an account, and managing accounts is the superuser's job."""

    form_class = InviteGuestBloggerForm
    template_name = "editorial/admin/invite_guest_blogger.html"
    page_title = "Invite a guest blogger"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(INVITE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label="Invite",
            submit_button_active_label="Inviting…",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            invitation = invite_guest_blogger(**form.cleaned_data)
        except InvitationRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        person = invitation.person
        note = f" (linked to {person.name}, already in People)" if invitation.person_existed else ""
        if invitation.email_sent:
            messages.success(
                self.request, f"{invitation.user.email} is invited{note}; the set-password link is on its way."
            )
        else:
            messages.warning(
                self.request,
                f"{invitation.user.email} has an account{note}, but the email could not be sent. "
                f"Send them this set-password link yourself: {invitation.set_password_url}",
            )
        return redirect("wagtailusers_users:edit", invitation.user.pk)
