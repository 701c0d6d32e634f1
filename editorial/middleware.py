"""Closes the admin areas Wagtail opens to anyone who may add a page.

Wagtail lets every user with any page permission open the reports and the form
submissions index, open any page's explorer view by its address, and open any snippet
chooser. For staff that is right; for a guest blogger (who may only add pages and edit
their own) it would show other people's drafts and activity. The rules below reuse the
page permission policy (editorial.permissions) rather than checking groups, and refuse
the way Wagtail's own views do: a message and a redirect to the dashboard.
"""

from wagtail.admin.auth import permission_denied
from wagtail.snippets.models import get_snippet_models

from editorial.permissions import can_choose, can_explore, has_owner_only_page_rights

STAFF_ONLY_NAMESPACES = ("wagtailadmin_reports", "wagtailforms")
EXPLORER_URL_NAMES = ("wagtailadmin_explore", "wagtailadmin_explore_results")


class AdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated or user.is_superuser:
            return None
        namespace = match.namespace.split(":")[0]
        if namespace in STAFF_ONLY_NAMESPACES and has_owner_only_page_rights(user):
            return permission_denied(request)
        if match.url_name in EXPLORER_URL_NAMES and not can_explore(user, view_kwargs["parent_page_id"]):
            return permission_denied(request)
        model = snippet_model_for_chooser(namespace)
        if model is not None and not can_choose(user, model):
            return permission_denied(request)
        return None


def snippet_model_for_chooser(namespace: str):
    for model in get_snippet_models():
        if namespace == model.snippet_viewset.get_chooser_admin_url_namespace():
            return model
    return None
