from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared building blocks"

    def ready(self):
        from core import cdn, page_cache

        page_cache.connect_signals()
        cdn.connect_signals()
