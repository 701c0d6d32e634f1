"""Wagtail's PostgreSQL search backend, answering one page of ranked results and how
many there are in one query (search.paging) instead of a count and a search.

PostgreSQL ranks every match to find the first ten anyway; counting them alongside
(COUNT(*) OVER ()) costs little beside it, where a separate count matched every page
again.

That query is written here from Wagtail's own pieces rather than built by the ORM as
Wagtail's backend builds it: the ORM's way reaches the index entries through the
pages' generic relation, and resolving and compiling that ranking expression took
1.4 ms of Python for every search, four times what PostgreSQL then spent answering a
search finding a few dozen pages. Here Wagtail's tsquery is compiled against the index
entry table alone; the score (ts_rank of the entry's title and body with Wagtail's
weights, the title's times its title_norm) is written out for a word, words or a phrase,
and compiled from Wagtail's expression for anything else; the pages to search are the
queryset's own SQL, joined by the same cast of their ids. The query building is now
0.15 ms. Everything else is Wagtail's backend as it is, and searches this does not
cover (named fields, fuzzy, match-all, unranked) are counted and sliced as Wagtail does.
"""

from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.query import Fuzzy, MatchAll, Not, Phrase, PlainText

from django.db.models import F
from django.db.models.sql import Query

from search.paging import OneQueryPaging, counted_page_sql, searched_pages_sql


class RankedIdsSQL:
    """For a PostgreSQL search query compiler: the SQL of every match's page id and
    how many there are, ranked as Wagtail ranks them."""

    # Wagtail's index vectors (get_index_vectors) as columns of the entry itself: each
    # vector's column and its boost, a column or a number.
    ENTRY_VECTORS: tuple[tuple[str, str | float], ...] = (("title", "title_norm"), ("body", 1.0))

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
        quote = compiler.connection.ops.quote_name
        table = quote(IndexEntry._meta.db_table)
        # The expression search's migration 0001 indexes: (title || body).
        vector_sql = " || ".join(f"{table}.{quote(column)}" for column, _boost in self.ENTRY_VECTORS)
        tsquery_sql, tsquery_params = compiler.compile(
            self.build_tsquery(query, config=config).resolve_expression(entries)
        )
        if isinstance(query, (PlainText, Phrase)):
            # to_tsquery() depends on a setting (the default text search configuration),
            # so PostgreSQL works it out again for every row it ranks unless asked for it
            # once, as a subquery: for "power" (3,509 matches, two ts_ranks each), 11.3 ms
            # of the query became 4.3. (Other queries keep Wagtail's expression as it is.)
            rank_sql, rank_params = self.word_rank_sql(table, quote, f"(SELECT {tsquery_sql})", tsquery_params)
        else:
            vectors = [(F(col), F(boost) if isinstance(boost, str) else boost) for col, boost in self.ENTRY_VECTORS]
            rank = self._build_rank_expression(vectors, config).resolve_expression(entries)
            rank_sql, rank_params = compiler.compile(rank)

        pages_sql, pages_params, content_types_in, content_types = searched_pages_sql(self.queryset)
        sql = counted_page_sql(
            # Only our own SQL, Wagtail's compiled expressions and table names here; the
            # reader's words are among the params.
            f'SELECT "matched"."_page_id" AS "id", {rank_sql} AS "score" FROM {table} '  # noqa: S608
            f'JOIN ({pages_sql}) AS "matched" '
            # The cast Wagtail's join makes (the entry's object_id is text), which
            # search's migration 0002 indexes.
            f'ON {table}."object_id" = ("matched"."_page_id")::varchar(50) '
            f'WHERE {table}."content_type_id" {content_types_in} '
            f"AND ({vector_sql}) @@ ({tsquery_sql}) "
            # Keeps PostgreSQL from merging this query into the one around it: so each
            # match is scored here, and only its id and score are kept for the count,
            # not its whole index entry (for "power", 3,509 matches: 11.3 ms, not 14).
            "OFFSET 0",
            best_first="DESC",
        )
        return sql, [*rank_params, *pages_params, *content_types, *tsquery_params]

    def word_rank_sql(self, table, quote, tsquery_sql, tsquery_params) -> tuple[str, list]:
        """Wagtail's score for a word, words or a phrase (build_tsrank and
        _build_rank_expression: each vector's ts_rank with the backend's weights, times
        its boost, summed), written out: the site search's every query is one of these,
        and building Wagtail's expression to compile it took 0.2 ms a search."""
        terms, params = [], []
        for column, boost in self.ENTRY_VECTORS:
            factor = f"{table}.{quote(boost)}" if isinstance(boost, str) else "%s"
            terms.append(f"(ts_rank((%s)::float4[], {table}.{quote(column)}, {tsquery_sql}) * {factor})")
            params += [self.sql_weights, *tsquery_params, *([] if isinstance(boost, str) else [boost])]
        return f"({' + '.join(terms)})", params


class RankedPostgresSearchQueryCompiler(RankedIdsSQL, PostgresSearchQueryCompiler):
    pass


class RankedPostgresAutocompleteQueryCompiler(RankedIdsSQL, PostgresAutocompleteQueryCompiler):
    ENTRY_VECTORS = (("autocomplete", 1.0),)


class CountedPostgresSearchResults(OneQueryPaging, PostgresSearchResults):
    pass


class CountedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = RankedPostgresAutocompleteQueryCompiler
    results_class = CountedPostgresSearchResults
