from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = "Editorial roles and review"

    def ready(self):
        from editorial import notifications, signal_handlers
        from editorial.permissions import register_page_permission_policy

        register_page_permission_policy()
        signal_handlers.connect()
        notifications.connect()
