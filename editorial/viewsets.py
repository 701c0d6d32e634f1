"""The admin's listing of shared preview links: create one for a page, change who it is
for or when it expires, revoke it."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.ui.tables import DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.models import Page

from editorial.forms import PreviewLinkCreateForm, PreviewLinkEditForm
from editorial.models import PreviewLink


class PreviewLinkIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page", "created_by")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status == "active" and self.user_has_permission("change"):
            buttons.append(
                ListingButton("Revoke", url=reverse("preview_links:revoke", args=[instance.pk]), icon_name="cross")
            )
        return buttons


class PreviewLinkCreateView(generic.CreateView):
    """Shows the new link once: only its hash is stored."""

    def get_initial(self):
        initial = super().get_initial()
        page_id = self.request.GET.get("page", "")
        if page_id.isdigit():
            initial["page"] = Page.objects.filter(pk=page_id).first()
        return initial

    def save_instance(self):
        link = self.form.save(commit=False)
        link.created_by = self.request.user
        self.token = link.issue_token()
        link.save()
        return link

    def save_action(self):
        context = {
            "link": self.object,
            "url": PreviewLink.url_for(self.token),
            "page_title": "Preview link created",
            "header_icon": "link",
            "index_url": reverse("preview_links:index"),
        }
        return TemplateResponse(self.request, "editorial/admin/preview_link_created.html", context)


class PreviewLinkRevokeView(generic.PermissionCheckedMixin, generic.WagtailAdminTemplateMixin, TemplateView):
    model = PreviewLink
    permission_required = "change"
    template_name = "editorial/admin/preview_link_revoke.html"
    page_title = "Revoke preview link"
    header_icon = "link"

    def setup(self, request, *args, pk, **kwargs):
        super().setup(request, *args, **kwargs)
        self.link = get_object_or_404(PreviewLink.objects.select_related("page"), pk=pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(link=self.link, **kwargs)

    def post(self, request, *args, **kwargs):
        self.link.revoke(request.user)
        messages.success(request, f"{self.link} no longer works.")
        return redirect("preview_links:index")


class PreviewLinkViewSet(ModelViewSet):
    model = PreviewLink
    icon = "link"
    menu_label = "Preview links"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = PreviewLinkIndexView
    add_view_class = PreviewLinkCreateView
    list_display = [
        "page",
        "shared_with",
        "created_by",
        DateColumn("expires_at", label="Expires"),
        StatusTagColumn("status", label="Status", primary=lambda link: link.status == "active"),
    ]

    def get_form_class(self, for_update=False):
        return PreviewLinkEditForm if for_update else PreviewLinkCreateForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("revoke/<int:pk>/", self.revoke_view, name="revoke")]

    @property
    def revoke_view(self):
        return PreviewLinkRevokeView.as_view()


preview_link_viewset = PreviewLinkViewSet("preview_links")


def share_preview_button(page):
    """For the page header's menu: a new link, with the page already chosen."""
    return HeaderButton(
        "Share a preview link", url=reverse("preview_links:add") + f"?page={page.pk}", icon_name="link", priority=60
    )
