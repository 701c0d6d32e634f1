"""The page editor, as Wagtail's own with one change: a mail server that cannot be
reached while it sends comment notifications is logged, not turned into a 500.

Wagtail sends those notifications (to the page's subscribers, the authors above all)
inside the request once the page and its comments are saved, and unlike its workflow
notifiers it does not catch a refused connection. The editor's work is already saved
at that point; only the email is lost, and the log says so.
"""

import logging

from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.viewsets.pages import PageViewSet

logger = logging.getLogger("editorial.notifications")


class PageEditView(EditView):
    def send_commenting_notifications(self, changes):
        try:
            return super().send_commenting_notifications(changes)
        except Exception:
            logger.exception("Could not send the comment notifications about page %s.", self.page.pk)
            return False


class SitePageViewSet(PageViewSet):
    """Every page type's admin views (it replaces Wagtail's default for Page)."""

    edit_view_class = PageEditView


site_page_viewset = SitePageViewSet("site_pages")
