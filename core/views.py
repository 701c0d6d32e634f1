from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.absolute_urls import site_root_url


@require_GET
def robots_txt(request):
    """Crawlers are welcome everywhere but the admin and search results (endless
    variations of the same pages); the sitemap lists every public page."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        "",
        f"Sitemap: {site_root_url(request)}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
