from django.apps import AppConfig


class YearlyConfig(AppConfig):
    name = "yearly"
    verbose_name = "The yearly cycle"
