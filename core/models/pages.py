"""The abstract page every public page type builds on."""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.functional import cached_property

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction, Site

from core.forms import ParentAwarePageForm
from core.in_process import PerGeneration
from core.privacy import SitePageQuerySet, private_paths
from core.routing import route_in_one_walk
from core.text import rich_text_to_plain, truncated
from core.tree import ancestor_paths
from search.indexing import prefetch_search_relations

# A page's year and its ancestors, by the paths above it (a few hundred sections at most).
_years = PerGeneration("pages:years")
_breadcrumbs = PerGeneration("pages:breadcrumbs")
# Each page's address as Wagtail works it out (a few thousand pages, each on each site).
_url_parts = PerGeneration("pages:url-parts", max_entries=20000)


class BasePage(Page):
    """Behaviour shared by every page: which campaign year it belongs to, its
    breadcrumbs, the year navigation and a descriptive browser title."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media. Leave empty to use the page's own image, if any.",
    )

    base_form_class = ParentAwarePageForm
    objects = PageManager.from_queryset(SitePageQuerySet)()
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    # What describes the page when it is shared or found by search: the first of these
    # fields that the page type has and the editor filled in ("Search description" on
    # the Promote tab comes before all of them).
    description_fields = ("summary", "intro", "description")
    # The page's own picture, if its type has one (an event's image, a post's feature
    # image): used for social cards when no social image is chosen.
    own_image_field = None
    # Open Graph type: "article" for dated writing, "website" for everything else.
    og_type = "website"

    class Meta:
        abstract = True

    # --- Search ------------------------------------------------------------------------
    def get_indexed_instance(self):
        """The page as the search index reads it on every save, with the relations its
        search fields follow fetched once (search.indexing)."""
        instance = super().get_indexed_instance()
        return None if instance is None else prefetch_search_relations(instance)

    # --- Who may see it ----------------------------------------------------------------
    def get_view_restrictions(self):
        """Wagtail asks this before serving any page, with two queries (the ancestors,
        then their restrictions). Most pages sit in no private section, which the list
        of private sections kept per content generation (core.privacy) tells without
        asking the database; only a page inside one, or an alias (which shares its
        original's restrictions), is looked up the long way."""
        if self.alias_of_id is None and not any(self.path.startswith(path) for path in private_paths()):
            none = PageViewRestriction.objects.none()
            # Known to be empty: Wagtail only iterates it on a page view, which would
            # otherwise compile the query (to find it empty) every time.
            none._result_cache, none._prefetch_done = [], True
            return none
        return super().get_view_restrictions()

    # --- How an address finds it ---------------------------------------------------
    @classmethod
    def serving_queryset(cls):
        """How a page of this type is fetched to be served at its address (core.routing):
        with the pictures it is shared with and their renditions. A page type adds what
        else its page shows of other rows (an event's hosts, a post's authors), which
        then comes along with the page and is kept with it until content changes.

        With its renditions fetched along, a picture finds the sizes it is shown at
        without asking the rendition cache (Wagtail's get_renditions takes prefetched
        ones as they are, and makes and adds any missing); from the cache, each one was
        unpickled, then pickled and written back, on every view."""
        images = [name for name in ("social_image", cls.own_image_field) if name]
        return cls.objects.select_related(*images).prefetch_related(*(f"{name}__renditions" for name in images))

    def route(self, request, path_components):
        """Wagtail's routing, with the walk down any number of levels done in two
        queries, and those only once per process until content changes (core.routing)."""
        if not path_components:
            return super().route(request, path_components)
        return route_in_one_walk(self, request, path_components, ordinary_route=BasePage.route)

    def get_url_parts(self, request=None):
        """Wagtail's, kept by each process until content changes. A page links to dozens
        of others ({% pageurl %}, `get_url`), and each link cost Django's reverse() again
        (most of its 50 µs). What the answer follows from is in the key, or changes only
        with an edit that moves the generation on (a slug, a move, a site's root)."""
        if not self.url_path:  # a page not in the tree yet (a preview)
            return super().get_url_parts(request=request)
        # Which site is asked from matters only to a page on more than one site.
        site = Site.find_for_request(request) if isinstance(request, HttpRequest) else None
        key = (self.url_path, site.pk if site else None, get_script_prefix(), get_urlconf(), translation.get_language())
        wagtails = super().get_url_parts
        return _url_parts.get(key, lambda: wagtails(request=request))

    def related_addresses(self) -> list[str]:
        """Addresses outside the page tree that show this page's content, such as its
        feeds or its author's page: a CDN in front is purged of them with the page and
        the pages that list it (core.cdn). Site-relative; a page type adds its own."""
        return []

    # --- Where the page sits ----------------------------------------------------------
    def parent_for_validation(self):
        """The parent page, also while a new page is being created in the admin (before
        it has a place in the tree), so `clean()` can check rules that need the parent."""
        parent = self.get_parent() if self.path else getattr(self, "_validation_parent", None)
        return parent.specific if parent is not None else None

    @cached_property
    def campaign_year(self):
        """The CampaignYearPage this page belongs to (itself for a year), or None."""
        year_model = apps.get_model("campaign", "CampaignYearPage")
        if isinstance(self, year_model):
            return self
        if not self.path:
            parent = self.parent_for_validation()
            return getattr(parent, "campaign_year", None)
        # A year's parent is a home page, below the tree's root, so a year is at depth 3
        # or deeper: the home page and the pages beside the years (about, accessibility,
        # search) cannot be inside one, and are answered without a query.
        if self.depth <= 3:
            return None
        # Asked on nearly every page view: by the ancestors' paths, unordered (core.tree),
        # and kept by each process until content changes.
        paths = tuple(ancestor_paths(self.path, from_depth=3))

        def nearest_year():
            years = list(year_model.objects.filter(path__in=paths).order_by())
            # One at most (a year is never inside another); the nearest if ever there were two.
            return max(years, key=lambda year: year.depth, default=None)

        return _years.get_copy(paths, nearest_year)

    @cached_property
    def breadcrumbs(self):
        """Ancestors from the home page down, for the breadcrumb trail (kept by each
        process until content changes; a page's title and address only)."""
        paths = tuple(ancestor_paths(self.path, from_depth=2))

        def ancestors():
            found = Page.objects.filter(path__in=paths).order_by().only("id", "title", "url_path", "depth")
            return tuple(sorted(found, key=lambda page: page.depth))

        return list(_breadcrumbs.get(paths, ancestors))

    # --- How the page is named --------------------------------------------------------
    def get_html_title(self) -> str:
        """'Day 2: Tuesday 28 November — Co-production Week Scotland 2017': unique and
        descriptive, as screen reader users hear it first."""
        own = self.seo_title or self.title
        year = self.campaign_year
        if year is not None and year.pk != self.pk:
            return f"{own} — {year.title}"
        # The home page, or a title that already names the site ("Co-production Week
        # Scotland 2017"), is not followed by the site's name a second time.
        if self.depth <= 2 or settings.WAGTAIL_SITE_NAME in own:
            return own
        return f"{own} — {settings.WAGTAIL_SITE_NAME}"

    def _is_rich_text(self, name: str) -> bool:
        try:
            return isinstance(self._meta.get_field(name), RichTextField)
        except FieldDoesNotExist:
            return False

    def get_meta_description(self, length: int = 200) -> str:
        """A plain-text description of the page for search engines, social cards and
        search results."""
        if self.search_description:
            return self.search_description
        for name in self.description_fields:
            value = getattr(self, name, None)
            if isinstance(value, str) and value.strip():
                # Only rich text is markup; a plain summary is text as typed, and
                # "&lt;" or "a <b" in it must stay as written. Paragraphs become
                # lines first, so "…archive.</p><p>Thursday" keeps its space.
                if self._is_rich_text(name):
                    value = rich_text_to_plain(value)
                return truncated(" ".join(value.split()), length)
        year = self.campaign_year
        if year is not None and year.pk != self.pk:
            return f"{self.title}: part of {year.title}, {year.dates_in_words}."
        return settings.WAGTAIL_SITE_NAME

    def get_social_image(self):
        """The image shown when the page is shared: the one chosen on the Promote tab, else
        the page's own image. None means the network's default image (network settings)."""
        if self.social_image_id:
            return self.social_image
        if self.own_image_field:
            return getattr(self, self.own_image_field)
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        year = self.campaign_year
        context["campaign_year"] = year
        # Called by the template only when its cached fragment is missing (base.html).
        context["year_nav"] = year.navigation_pages if year is not None else list
        return context
