from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = "Campaign years, days and events"

    def ready(self):
        from campaign import signal_handlers  # noqa: F401
