"""Wagtail's PostgreSQL search backend, answering one page of ranked results and how
many there are in one query (search.paging) instead of a count and a search.

PostgreSQL ranks every match to find the first ten anyway; counting them alongside
(COUNT(*) OVER ()) costs little beside it, where a separate count matched every page
again. Everything else is Wagtail's backend as it is.
"""

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend, PostgresSearchResults

from django.db.models import Count, Window


class CountedPostgresSearchResults(PostgresSearchResults):
    def ids_and_total(self, start: int, stop: int) -> tuple[list, int | None]:
        """Ids of the ranked matches start…stop-1 and how many match in all; the total
        is None when the slice is empty. Of the results as searched, not of a slice."""
        compiler = self.query_compiler
        every_match = compiler.search(
            compiler.get_config(self.backend), None, None, score_field=self._score_field, backend=self.backend
        )
        rows = list(every_match.annotate(_total=Window(Count("*"))).values_list("pk", "_total")[start:stop])
        return [pk for pk, _ in rows], (rows[0][1] if rows else None)


class CountedPostgresSearchBackend(PostgresSearchBackend):
    results_class = CountedPostgresSearchResults
