from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.views import robots_txt
from editorial.views import shared_preview
from search.views import search
from site_config.sitemaps import sitemap_index, sitemap_section

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
    # An index of sitemaps, each at most a thousand addresses (site_config/sitemaps.py).
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
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
