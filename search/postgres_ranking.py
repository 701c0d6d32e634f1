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
    PostgresSearchAtomicRebuilder,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchRebuilder,
    PostgresSearchResults,
)
from modelsearch.backends.database.postgres.weights import get_sql_weights
from modelsearch.query import Fuzzy, MatchAll, Not, Phrase, PlainText

from django.db import connections
from django.db.models import F
from django.db.models.sql import Query

from search.models import Posting
from search.paging import OneQueryPaging, counted_page_sql, searched_pages_sql
from search.postings import rescore_all, set_weights
from search.single_word import one_word_among_pages, page_conditions


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

    # Whether this compiler's score is the one the postings keep (title and body).
    uses_postings = False

    def posted_ids_and_total(self, config, start: int, stop: int) -> tuple[list, int] | None:
        """For a search for one word of the letters a–z among pages filtered by path,
        live flag and type (the site search; search.single_word): the ids of its matches
        start…stop-1 in Wagtail's ranked order and how many match, read from
        search.postings' table in one query. None for any other search, or while the
        table's scores were made with other weights than this code's (see
        search.postings): then Wagtail's query ranks it."""
        word = one_word_among_pages(self) if self.uses_postings else None
        if word is None:
            return None
        queryset = self.queryset
        quote = connections[queryset.db].ops.quote_name
        postings, where_sql, where_params = page_conditions(queryset, quote(Posting._meta.db_table))
        # The word's lexeme as Wagtail's query stems it (to_tsquery with the same
        # configuration): a word of letters is one lexeme, or none if it is a stopword,
        # which then finds nothing, as Wagtail's query does.
        to_tsvector, word_params = ("to_tsvector(%s::regconfig, %s)", [config]) if config else ("to_tsvector(%s)", [])
        lexeme = f'"lexeme" = (SELECT (tsvector_to_array({to_tsvector}))[1])'
        conditions = f"{lexeme} AND ({where_sql})" if where_sql else lexeme
        params = [*word_params, word, *where_params]
        sql = (
            # Only our own SQL and the queryset's compiled conditions here; the reader's
            # word is among the params. One row at least, even past the last match, so
            # the count and the weights' check always come back.
            f'SELECT "ranked"."page_id", "counted"."total", "counted"."fresh" FROM ('  # noqa: S608
            f'SELECT (SELECT COUNT(*) FROM {postings} WHERE {conditions}) AS "total", '
            'search_posting_weights() = %s::float4[] AS "fresh") AS "counted" '
            f'LEFT JOIN LATERAL (SELECT "page_id", "score" FROM {postings} WHERE {conditions} '
            'ORDER BY "score" DESC, "page_id" DESC LIMIT %s OFFSET %s) AS "ranked" ON TRUE '
            'ORDER BY "ranked"."score" DESC, "ranked"."page_id" DESC'
        )
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(sql, [*params, self.sql_weights, *params, stop - start, start])
            rows = cursor.fetchall()
        if not rows[0][2]:
            return None
        return [row[0] for row in rows if row[0] is not None], rows[0][1]

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
    uses_postings = True


class RankedPostgresAutocompleteQueryCompiler(RankedIdsSQL, PostgresAutocompleteQueryCompiler):
    ENTRY_VECTORS = (("autocomplete", 1.0),)


class CountedPostgresSearchResults(OneQueryPaging, PostgresSearchResults):
    pass


class RescoringPostings:
    """For a rebuilder of the index (`update_index`): the postings are scored with this
    code's weights from the start, and all rescored at the end if those changed."""

    def start(self):
        self.weights_changed = set_weights(self.index.write_connection, get_sql_weights())
        return super().start()

    def finish(self):
        # Rescored inside the atomic rebuilder's transaction, before it commits; not
        # when that rebuilder finishes a failed rebuild to roll it back.
        failed = getattr(getattr(self, "transaction", None), "needs_rollback", False)
        if getattr(self, "weights_changed", False) and not failed:
            rescore_all(self.index.write_connection)
        super().finish()


class PostingsRebuilder(RescoringPostings, PostgresSearchRebuilder):
    pass


class PostingsAtomicRebuilder(RescoringPostings, PostgresSearchAtomicRebuilder):
    pass


class CountedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = RankedPostgresSearchQueryCompiler
    autocomplete_query_compiler_class = RankedPostgresAutocompleteQueryCompiler
    results_class = CountedPostgresSearchResults
    rebuilder_class = PostingsRebuilder
    atomic_rebuilder_class = PostingsAtomicRebuilder
