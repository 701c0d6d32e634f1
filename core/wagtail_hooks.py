from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import Organisation, Person
from core.rich_text import KeptPageLinkHandler


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "council_area", "website"]
    list_filter = ["council_area"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "role", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "role"]


class PeopleAndOrganisationsGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "People & organisations"
    menu_name = "people-and-organisations"


register_snippet(PeopleAndOrganisationsGroup)


@hooks.register("register_rich_text_features", order=100)
def keep_linked_pages(features):
    """After Wagtail's own (order): links to pages in rich text written from the pages
    each process keeps until content changes (core/rich_text.py)."""
    features.register_link_type(KeptPageLinkHandler)
