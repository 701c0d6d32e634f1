"""The search backend named in settings (WAGTAILSEARCH_BACKENDS): Wagtail's database
backend, with results ranked in one full-text query on SQLite.

On PostgreSQL (and any other database) this is exactly Wagtail's database backend. On
SQLite with FTS5 it is the same backend with one method replaced: see
search.sqlite_ranking for why. The SQLite module is only imported on SQLite, because
its models exist only there.
"""

from django.db import connection

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from search.sqlite_ranking import RankedSQLiteSearchBackend

        # Wagtail falls back to a slower LIKE search when SQLite lacks FTS5; keep that.
        if isinstance(backend, SQLiteSearchBackend):
            return RankedSQLiteSearchBackend(params)
    return backend
