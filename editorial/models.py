"""Records the editorial workflow keeps besides Wagtail's own."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class PreviewLink(models.Model):
    """A private, expiring link to the latest draft of a page, for someone without an
    account (for example the organisation a post is about). Whoever has the link can read
    the draft as it would appear on the site, and nothing else. Revoke it to stop it
    working at once; it stops by itself when it expires.

    Only a hash of the link's secret is stored, so the address is shown once, when the link
    is created, and cannot be read back from the database.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="preview_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    shared_with = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the link is for, to recognise it later. For example: the Alliance's communications team.",
    )
    expires_at = models.DateTimeField("expires", help_text="The link stops working at this time.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "shared preview link"

    def __str__(self):
        who = f" for {self.shared_with}" if self.shared_with else ""
        return f"Preview of “{self.page.get_admin_display_title()}”{who}"

    def issue_token(self) -> str:
        """Give the link a new secret and return it; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    @classmethod
    def find_active(cls, token: str):
        return cls.objects.active().select_related("page").filter(token_hash=hash_token(token)).first()

    @staticmethod
    def url_for(token: str) -> str:
        return settings.WAGTAILADMIN_BASE_URL + reverse("editorial_shared_preview", args=[token])

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def revoke(self, user):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = user
            self.save(update_fields=["revoked_at", "revoked_by"])
