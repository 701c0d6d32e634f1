"""The search backend named in settings (WAGTAILSEARCH_BACKENDS): Wagtail's database
backend, with a page of results and their count found in one query.

On PostgreSQL this is Wagtail's PostgreSQL backend with one method added (see
search.postgres_ranking). On SQLite with FTS5 it is Wagtail's SQLite backend with
results ranked in one full-text query and that method added (search.sqlite_ranking).
Elsewhere it is exactly Wagtail's database backend. Each module is only imported on
its own database, because the models it names exist only there.
"""

from django.db import connection

from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor == "postgresql":
        from search.postgres_ranking import CountedPostgresSearchBackend

        return CountedPostgresSearchBackend(params)
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from search.sqlite_ranking import RankedSQLiteSearchBackend

        # Wagtail falls back to a slower LIKE search when SQLite lacks FTS5; keep that.
        if isinstance(backend, SQLiteSearchBackend):
            return RankedSQLiteSearchBackend(params)
    return backend
