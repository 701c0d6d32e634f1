"""Network-wide settings an editor can change without a developer."""

from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core.validators import hashtag_validator, social_handle_validator


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """The network's name, contact details and social accounts, shown in every page's footer."""

    network_name = models.CharField(max_length=150, default="Scottish Co-production Network")
    network_url = models.URLField(
        blank=True,
        default="https://www.coproductionscotland.org.uk/",
        help_text="The network's main website.",
    )
    host_organisation = models.CharField(max_length=150, blank=True, default="Scottish Community Development Centre")
    contact_email = models.EmailField(blank=True, help_text="Shown in the footer of every page.")
    default_hashtag = models.CharField(max_length=100, default="#CoProWeekScot", validators=[hashtag_validator])
    twitter_handle = models.CharField(
        max_length=64, blank=True, default="@ScotCoPro", validators=[social_handle_validator]
    )
    facebook_name = models.CharField(max_length=150, blank=True, default="Scottish Community Development Centre")
    facebook_url = models.URLField(blank=True)
    default_social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page with no image of its own is shared on social media. "
        "Landscape, at least 1200 × 630 pixels, works best.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("network_name"),
                FieldPanel("network_url"),
                FieldPanel("host_organisation"),
                FieldPanel("contact_email"),
            ],
            heading="The network",
        ),
        MultiFieldPanel(
            [
                FieldPanel("default_hashtag"),
                FieldPanel("twitter_handle"),
                FieldPanel("facebook_name"),
                FieldPanel("facebook_url"),
                FieldPanel("default_social_image"),
            ],
            heading="Social media",
        ),
    ]

    class Meta:
        verbose_name = "network settings"

    @classmethod
    def for_request(cls, request):
        """Wagtail's lookup (kept on the request), answered from this process's memory
        while the content generation holds (core.sites): every page's header and footer
        ask for these, and an edit to them bumps the generation."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            from core.sites import settings_for_request

            remembered = settings_for_request(request, cls)
            if remembered is None:
                return super().for_request(request)
            remembered._request = request  # as Wagtail's own sets it
            setattr(request, attr_name, remembered)
        return getattr(request, attr_name)
