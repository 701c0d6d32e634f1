from django.apps import AppConfig
from django.db.backends.signals import connection_created


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Site search"

    def ready(self):
        from search.term_counts import register_functions

        connection_created.connect(register_functions, dispatch_uid="search.term_counts")
