"""Wagtail's PostgreSQL search backend, answering one page of ranked results and how
many there are in one query (search.paging) instead of a count and a search.

PostgreSQL ranks every match to find the first ten anyway; counting them alongside
(COUNT(*) OVER ()) costs little beside it, where a separate count matched every page
again.

That query is written here from Wagtail's own pieces rather than built by the ORM as
Wagtail's backend builds it: the ORM's way reaches the index entries through the
pages' generic relation, and resolving and compiling that ranking expression took
1.4 ms of Python for every search, four times what PostgreSQL then spent answering a
search finding a few dozen pages. Here the match and the score (Wagtail's tsquery and
ts_rank expressions, over the entry's title and body, the title weighed by its
title_norm) are compiled against the index entry table alone, and the pages to search
are the queryset's own SQL, joined by the same cast of their ids. Everything else is
Wagtail's backend as it is, and searches this does not cover (named fields, fuzzy,
match-all, unranked) are counted and sliced as Wagtail does.
"""

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from django.db import connections
from django.db.models import F
from django.db.models.sql import Query

from search.paging import ids_by_count_and_slice


class RankedIdsSQL:
    """For a PostgreSQL search query compiler: the SQL of every match's page id and
    how many there are, ranked as Wagtail ranks them."""

    def entry_vectors(self):
        """Wagtail's index vectors (get_index_vectors) as columns of the entry itself."""
        raise NotImplementedError

    def ranked_ids_sql(self, config) -> tuple[str, list] | None:
        """SQL and params selecting (page id, total) in ranked order, to be sliced by
        two more params (LIMIT, OFFSET); None for the searches Wagtail's own query
        answers (named fields, fuzzy, match-all, negated match-all, unranked)."""
        query = self.query
        if (
            self.fields is not None
            or not self.order_by_relevance
            or isinstance(query, (MatchAll, Fuzzy))
            or (isinstance(query, Not) and isinstance(query.subquery, MatchAll))
        ):
            return None
        entries = Query(IndexEntry)
        compiler = entries.get_compiler(using=self.queryset.db)
        vectors = self.entry_vectors()
        combined = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        vector_sql, vector_params = compiler.compile(combined.resolve_expression(entries))
        tsquery_sql, tsquery_params = compiler.compile(
            self.build_tsquery(query, config=config).resolve_expression(entries)
        )
        rank = self._build_rank_expression(vectors, config).resolve_expression(entries)
        rank_sql, rank_params = compiler.compile(rank)

        pages = self.queryset.order_by().values_list("pk")
        pages_sql, pages_params = pages.query.sql_with_params()
        quote = compiler.connection.ops.quote_name
        table = quote(IndexEntry._meta.db_table)
        content_types = get_descendants_content_types_pks(self.queryset.model)
        sql = (
            # Only our own SQL, Wagtail's compiled expressions and table names here; the
            # reader's words are among the params. Newer ids first among equals, as
            # Wagtail orders them; the count is of every match, before LIMIT.
            f'SELECT "matched"."id", COUNT(*) OVER () FROM {table} '  # noqa: S608
            f'JOIN ({pages_sql}) AS "matched" ("id") '
            # The cast Wagtail's join makes (the entry's object_id is text), which
            # search's migration 0002 indexes.
            f'ON {table}."object_id" = ("matched"."id")::varchar(50) '
            f'WHERE {table}."content_type_id" IN ({", ".join(["%s"] * len(content_types))}) '
            f"AND ({vector_sql}) @@ ({tsquery_sql}) "
            f'ORDER BY {rank_sql} DESC, "matched"."id" DESC LIMIT %s OFFSET %s'
        )
        return sql, [*pages_params, *content_types, *vector_params, *tsquery_params, *rank_params]


class RankedPostgresSearchQueryCompiler(RankedIdsSQL, PostgresSearchQueryCompiler):
    def entry_vectors(self):
        return [(F("title"), F("title_norm")), (F("body"), 1.0)]


class RankedPostgresAutocompleteQueryCompiler(RankedIdsSQL, PostgresAutocompleteQueryCompiler):
    def entry_vectors(self):
        return [(F("autocomplete"), 1.0)]


class CountedPostgresSearchResults(PostgresSearchResults):
    def ids_and_total(self, start: int, stop: int) -> tuple[list, int | None]:
        """Ids of the ranked matches start…stop-1 and how many match in all; the total
        is None when the slice is empty. Of the results as searched, not of a slice."""
        compiler = self.query_compiler
        found = compiler.ranked_ids_sql(compiler.get_config(self.backend))
        if found is None:
            return ids_by_count_and_slice(self, start, stop)
        sql, params = found
        with connections[compiler.queryset.db].cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            rows = cursor.fetchall()
        return [row[0] for row in rows], (rows[0][1] if rows else None)


class CountedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = RankedPostgresAutocompleteQueryCompiler
    results_class = CountedPostgresSearchResults
