"""Each year's network blog: posts by network members, released day by day."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from blog.cards import POST_CARD
from core.blocks import BaseStreamBlock
from core.in_process import PerGeneration
from core.models import BasePage, Person
from core.privacy import SitePageQuerySet
from core.related import RelatedOnceQuerySetMixin, related_once
from editorial.page_forms import BlogPostPageForm
from editorial.panels import StaffMultipleChooserPanel

POSTS_PER_PAGE = 12


class BlogPostQuerySet(RelatedOnceQuerySetMixin, SitePageQuerySet):
    def for_listing(self):
        """What a post card shows, fetched in a fixed number of queries however many
        posts there are; the body is left out until a post is opened."""
        return (
            self.defer_streamfields()
            .select_related("feature_image")
            .with_related("authors", "person", select_related="person__organisation")
            .order_by("-release_date", "-first_published_at", "title")
        )


# Each process keeps, until content changes, what a blog's filters offer and which
# posts each choice of them finds (ids only).
_listed = PerGeneration("blog:listed")


class BlogIndexPage(BasePage):
    """A year's network blog. Posts are added underneath it and listed newest first,
    a page of twelve at a time. Readers can narrow the list by tag, by author and by
    the day posts were released on (each programme day links to its own)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["campaign.CampaignYearPage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "blog index"

    def posts(self):
        return BlogPostPage.objects.child_of(self).live().public().for_listing()

    def get_cached_paths(self):
        """Its numbered pages too, for a CDN's purge (core.cdn)."""
        from core.cdn import numbered_pages

        return ["/", *numbered_pages(self.posts().count(), POSTS_PER_PAGE)]

    def filter_options(self):
        """What the filters offer: the tags, authors and release days of the posts on
        show."""
        from blog.forms import PostFilterOptions

        published = BlogPostPage.objects.child_of(self).live().public()
        return PostFilterOptions.of(
            tags=list(
                Tag.objects.filter(blog_blogposttag_items__content_object__in=published).distinct().order_by("name")
            ),
            # Hundreds of authors after a few years: rows, not Person instances.
            authors=list(
                Person.objects.filter(blog_posts__page__in=published)
                .distinct()
                .order_by("name")
                .values_list("pk", "slug", "name", named=True)
            ),
            release_dates=list(published.order_by("release_date").values_list("release_date", flat=True).distinct()),
        )

    def post_ids(self, filters: dict) -> list[int]:
        """The ids of the posts `filters` (PostFilterForm.chosen()) find, newest first."""
        posts = self.posts()
        if "tag" in filters:
            posts = posts.filter(tags=filters["tag"])
        if "author" in filters:
            posts = posts.filter(authors__person_id=filters["author"].pk)
        if "released" in filters:
            posts = posts.filter(release_date=filters["released"].date)
        return list(posts.values_list("pk", flat=True))

    def get_context(self, request, *args, **kwargs):
        from blog.forms import PostFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = PostFilterForm(request.GET, options=_listed.get(("options", self.pk), self.filter_options))
        filters = form.chosen()
        # Which posts, by id (their cards are kept: core/cards.py), for each choice of
        # filters (only choices offered: a made-up value is no filter).
        chosen = tuple(sorted((name, value.slug) for name, value in filters.items()))
        post_ids = _listed.get(("posts", self.pk, chosen), lambda: self.post_ids(filters))
        page_of_posts = Paginator(post_ids, POSTS_PER_PAGE).get_page(request.GET.get("page"))
        # Each filtered or later page is its own listing, so it is its own canonical address.
        params = {name: value.slug for name, value in filters.items()}
        if page_of_posts.number > 1:
            params["page"] = page_of_posts.number
        context.update(
            posts=page_of_posts,
            post_cards=POST_CARD.render(request, list(page_of_posts), heading_level=2),
            filter_form=form,
            filters=filters,
            canonical_url=self.get_full_url(request) + (f"?{urlencode(params)}" if params else ""),
        )
        return context


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items")


class BlogPostPage(BasePage):
    """A post by one or more network members. It appears on the programme day of its
    release date. Where only a summary survives (the full text was published
    elsewhere), leave the body empty: the page shows the summary and says so."""

    release_date = models.DateField(
        default=timezone.localdate,
        help_text="The programme day the post belongs to. To publish it at a set time, use 'Set schedule'.",
    )
    summary = models.TextField(max_length=600, help_text="One or two sentences, shown in listings and feeds.")
    body = StreamField(BaseStreamBlock(), blank=True)
    feature_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)

    # Guest bloggers cannot choose people: the form credits their own (see BlogPostPageForm).
    base_form_class = BlogPostPageForm
    content_panels = BasePage.content_panels + [
        StaffMultipleChooserPanel("authors", chooser_field_name="person", heading="Authors", label="author", min_num=1),
        FieldPanel("release_date"),
        FieldPanel("summary"),
        FieldPanel("feature_image"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields(
            "authors",
            [
                index.RelatedFields(
                    "person",
                    [
                        index.SearchField("name"),
                        index.SearchField("role"),
                        index.RelatedFields("organisation", [index.SearchField("name")]),
                    ],
                )
            ],
        ),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("release_date"),
    ]
    own_image_field = "feature_image"
    og_type = "article"

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(BlogPostQuerySet)()

    class Meta:
        verbose_name = "blog post"

    @classmethod
    def serving_queryset(cls):
        """With its authors and tags, which its page shows."""
        return (
            super()
            .serving_queryset()
            .with_related("authors", "person", select_related="person__organisation")
            .with_related("tagged_items", "tag", select_related="tag")
        )

    @property
    def tag_list(self) -> list:
        """The post's tags, fetched once; for a whole feed in one query when it asked with
        `.with_related("tagged_items", "tag", …)`. Not prefetch_related("tags"): through
        modelcluster and taggit that builds querysets per post, which cost more than the query."""
        return related_once(self, "tagged_items", "tag", select_related="tag")

    @property
    def author_people(self):
        return related_once(self, "authors", "person", select_related="person__organisation")

    @property
    def has_full_text(self) -> bool:
        return bool(self.body)

    def related_addresses(self) -> list[str]:
        """Its year's and the site's feeds, the list of authors and each author's page."""
        year = self.campaign_year
        addresses = [reverse("blog:feed-rss"), reverse("blog:feed-atom"), reverse("blog:people")]
        if year is not None:
            addresses += [reverse(f"blog:year-feed-{kind}", args=[year.year]) for kind in ("rss", "atom")]
        people = Person.objects.filter(blog_posts__page=self).values_list("slug", flat=True)
        return addresses + [reverse("blog:person", args=[slug]) for slug in people]

    @cached_property
    def blog_index(self):
        """The blog the post belongs to, from the breadcrumbs already fetched for the page."""
        return self.breadcrumbs[-1] if self.breadcrumbs else None


class BlogPostAuthor(Orderable):
    page = ParentalKey(BlogPostPage, on_delete=models.CASCADE, related_name="authors")
    # PROTECT: a person cannot be deleted while posts still credit them.
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="blog_posts")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = "author"
        constraints = [models.UniqueConstraint(fields=["page", "person"], name="unique_post_author")]
