"""How the admin looks to each editorial role (README: "Editorial roles and review")."""

from django.db.models import Q
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from editorial.dashboard import YourPostsPanel
from editorial.forms import may_share_preview_of
from editorial.page_views import site_page_viewset
from editorial.permissions import has_owner_only_page_rights, page_policy
from editorial.views import INVITE_PERMISSION, InviteGuestBloggerView
from editorial.viewsets import preview_link_viewset, share_preview_button


@hooks.register("register_admin_viewset")
def register_preview_links():
    return preview_link_viewset


# After Wagtail's own default (order 0), so this one is the viewset for Page.
@hooks.register("register_admin_viewset", order=100)
def register_page_views():
    return site_page_viewset


@hooks.register("register_admin_urls")
def register_invitation_url():
    return [path("guest-bloggers/invite/", InviteGuestBloggerView.as_view(), name="editorial_invite_guest_blogger")]


class InviteMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(INVITE_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_invitation_menu_item():
    return InviteMenuItem(
        "Invite a guest blogger",
        reverse("editorial_invite_guest_blogger"),
        name="invite-guest-blogger",
        icon_name="user",
        order=610,
    )


@hooks.register("register_page_header_buttons")
def share_preview_link_button(page, user, next_url=None, view_name=None):
    if page.is_root() or not user.has_perm("editorial.add_previewlink") or not may_share_preview_of(user, page):
        return []
    return [share_preview_button(page)]


@hooks.register("construct_page_chooser_queryset")
def hide_drafts_the_user_cannot_explore(pages, request):
    """Linking to a published page is open to all; an unpublished one is listed only to
    those who may see it in the explorer (a guest blogger sees their own drafts only)."""
    if request.user.is_superuser:
        return pages
    explorable = page_policy().explorable_instances(request.user).values("pk")
    return pages.filter(Q(live=True) | Q(pk__in=explorable))


@hooks.register("construct_homepage_panels", order=1000)
def guest_blogger_dashboard(request, panels):
    """Someone who only writes their own posts sees those posts and their review state,
    instead of Wagtail's panels about the whole site."""
    if has_owner_only_page_rights(request.user):
        panels[:] = [YourPostsPanel()]


@hooks.register("construct_homepage_summary_items", order=1000)
def no_site_summary_for_guest_bloggers(request, summary_items):
    if has_owner_only_page_rights(request.user):
        summary_items.clear()


@hooks.register("construct_reports_menu", order=1000)
def no_reports_for_guest_bloggers(request, menu_items):
    if has_owner_only_page_rights(request.user):
        menu_items.clear()
