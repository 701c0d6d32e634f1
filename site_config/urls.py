from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.sitemaps import AuthorSitemap
from core.views import robots_txt
from editorial.views import shared_preview
from search.views import search

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap, "authors": AuthorSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    # Author pages (/people/…) and the blog's feeds (/feeds/…).
    path("", include("blog.urls")),
    # A draft shared through a private, expiring link (editorial app).
    path("preview/<str:token>/", shared_preview, name="editorial_shared_preview"),
    # /current-year/, where legacy addresses such as /coproweekscot/ redirect (yearly app).
    path("", include("yearly.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Uploaded media in development only; production serves them from shared storage.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Calendar feeds: /calendar/2017.ics and the like. No page address ends in .ics.
    path("calendar/", include("campaign.urls")),
    # Everything else is a Wagtail page; this must stay last.
    path("", include(wagtail_urls)),
]

# 400, 403 and 404 are Django's own handlers rendering our templates; the 500 handler
# also turns a lost database into a branded 503.
handler500 = "site_config.views.server_error"
