from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: backups and restore, and the soak test (management commands)."""

    name = "ops"
    verbose_name = "Operations"
