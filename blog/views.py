"""Author pages: everyone who has written for the network blog, and each person's posts
across every year.

A plain Django view rather than a routable page: an author page is built entirely from
the Person record and the posts that credit them, there is nothing for an editor to
write, and its address (/people/<slug>/) must not depend on a page someone could move,
rename or delete. Only people with at least one published post have a page, so the
name of a guest blogger whose first post is still a draft is never shown.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from blog.models import POSTS_PER_PAGE, BlogPostPage
from core.absolute_urls import absolute_url
from core.models import Person
from core.social import SocialMeta
from core.years import attach_campaign_years

# A page of the authors' index: every name a line, so a long page is still quick to scan.
PEOPLE_PER_PAGE = 50


def published_posts():
    return BlogPostPage.objects.live().public()


def people_with_posts(published=None):
    """Authors of at least one published post, with how many they have written."""
    published = published if published is not None else published_posts()
    return (
        Person.objects.annotate(post_count=Count("blog_posts", filter=Q(blog_posts__page__in=published)))
        .filter(post_count__gt=0)
        .select_related("organisation")
        .order_by("name", "pk")
    )


def people(request):
    # Guest bloggers join every year: the index is shown a page at a time, as every
    # other listing is, so it stays the same size however many years the site keeps.
    authors = Paginator(people_with_posts(), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    url = reverse("blog:people")
    if authors.number > 1:
        url += f"?page={authors.number}"
    meta = SocialMeta(
        title="Blog authors",
        description="Everyone who has written for the Co-production Week Scotland blog, with their posts.",
        url=absolute_url(url, request),
    )
    return render(request, "blog/people.html", {"authors": authors, "social_meta": meta})


def person(request, slug):
    person = get_object_or_404(Person.objects.select_related("organisation", "photo"), slug=slug)
    posts = published_posts().filter(authors__person=person).for_listing()
    page_of_posts = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    if page_of_posts.paginator.count == 0:
        raise Http404("This person has no published posts.")
    page_of_posts.object_list = attach_campaign_years(page_of_posts.object_list)
    url = reverse("blog:person", args=[person.slug])
    if page_of_posts.number > 1:
        url += f"?page={page_of_posts.number}"
    described = f"{person.name}, {person.role_and_organisation}" if person.role_and_organisation else person.name
    meta = SocialMeta(
        title=f"{person.name}: blog posts",
        description=f"Blog posts by {described} for Co-production Week Scotland.",
        url=absolute_url(url, request),
        image=person.photo,
    )
    return render(
        request,
        "blog/person.html",
        {"person": person, "posts": page_of_posts, "social_meta": meta},
    )
