from django.db.models import Max, Q
from django.urls import reverse

from wagtail.contrib.sitemaps import Sitemap

from blog.views import people_with_posts, published_posts
from core.absolute_urls import site_root_url


class AuthorSitemap(Sitemap):
    """Author pages in sitemap.xml, beside Wagtail's pages, on the same site address."""

    def items(self):
        published = published_posts()
        last_post = Max("blog_posts__page__last_published_at", filter=Q(blog_posts__page__in=published))
        return people_with_posts(published).annotate(last_post=last_post)

    def get_latest_lastmod(self):
        """For sitemap.xml's index: when the newest post with an author was published."""
        return published_posts().filter(authors__isnull=False).aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain):
        root = site_root_url(self.request)
        return [
            {
                "item": person,
                "location": root + reverse("blog:person", args=[person.slug]),
                "lastmod": person.last_post,
                "changefreq": None,
                "priority": "",
                "alternates": [],
            }
            for person in self.paginator.page(page).object_list
        ]
