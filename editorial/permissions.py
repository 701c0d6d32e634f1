"""Who may see which pages in the admin.

Wagtail's page permissions are kept as they are, with one narrowing. A user whose only
right on a section is "add" (a guest blogger on a blog index) may create pages there and
edit the ones they own; Wagtail would still list everybody else's pages in that section,
drafts included, in the explorer, the page search and the sidebar. This policy lists only
the section page itself and the user's own pages in it.
"""

from collections import defaultdict

from wagtail.models import AbstractPage, Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

EXPLORE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


class EditorialPagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset

        codenames_by_page, sections = defaultdict(set), {}
        for perm in self.get_cached_permissions_for_user(user):
            codenames_by_page[perm.page_id].add(perm.permission.codename)
            sections[perm.page_id] = perm.page
        pages = self.model._default_manager
        if not sections:
            return pages.none()

        add = self._get_permission_codename("add")
        beyond_add = self._get_permission_codenames(EXPLORE_ACTIONS - {"add"})
        explorable = pages.none()
        for page_id, codenames in codenames_by_page.items():
            section = sections[page_id]
            if codenames & beyond_add:
                explorable |= pages.descendant_of(section, inclusive=True)
            elif add in codenames:
                explorable |= pages.filter(pk=section.pk) | pages.descendant_of(section).filter(owner=user)
            # Ancestors, so the section can be reached by browsing down from the top.
            explorable |= pages.ancestor_of(section)

        top = self.model.base_page_model.objects.first_common_ancestor_of(sections.values())
        return explorable.filter(path__startswith=top.path)


def register_page_permission_policy():
    register_permission_policy(AbstractPage, EditorialPagePermissionPolicy())


def page_policy() -> PagePermissionPolicy:
    return policy_registry.get_by_type(Page)


def has_owner_only_page_rights(user) -> bool:
    """True for a user who may at most add pages and edit their own (a guest blogger, or
    an account with no page rights at all): reports, form submissions and the site summary
    are for staff who look after the whole site."""
    if not user.is_authenticated or not user.is_active:
        return True
    if user.is_superuser:
        return False
    codenames = {perm.permission.codename for perm in page_policy().get_cached_permissions_for_user(user)}
    return codenames <= {"add_page"}


def can_explore(user, page_id) -> bool:
    return page_policy().explorable_instances(user).filter(pk=page_id).exists()


def can_choose(user, model) -> bool:
    """Whether a user may open the chooser of a snippet model: any of the model's Django
    permissions, as Wagtail's snippet listings ask."""
    opts = model._meta
    actions = ("add", "change", "delete", "view")
    return any(user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}") for action in actions)
