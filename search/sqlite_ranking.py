"""Wagtail's SQLite search backend, ranking results in one full-text query.

Why this exists: to order results by relevance, Wagtail's SQLite backend (modelsearch's
SQLiteSearchQueryCompiler.search) gives every matching page a correlated subquery that
runs the full-text MATCH again to find that page's bm25 score. SQLite works out bm25
from the whole list of matching rows, so each subquery costs as much as the search
itself, and a common word costs the square of its matches: "power" matches ~3,500
pages of the scale data and took 2.2 s per search page.

Here the page query joins the full-text table once instead (MATCH, the index entry of
each page, the page itself by its primary key), then orders by the same score and takes
one page of results: a few milliseconds. The site search asks for that page and the
number of matches together (ids_and_total, for search.paging), counted beside the ranked
rows in the same query. Everything else is Wagtail's: the query syntax, the score, the
filters of the queryset, counting, facets, and the negated and match-all searches,
which need no score.

One change to the score: a word in the title counts twice (bm25's weight for the title
column), as Page.search_fields asks (title boost=2) and the PostgreSQL backend does.
Wagtail's SQLite backend ignores boosts, so a page named after the word ranked no higher
than one mentioning it once in passing.

A search for one word among pages filtered by path, live flag and type (the site
search's commonest) is not asked of the full-text table at all while every entry's words
are counted: it is ranked from those counts (search.term_counts, posted_ids_and_total
below), in the same order, without reading every match's positions.

The join is written with QuerySet.extra() because the ORM's own route from a page to its
index entry (the `index_entries` generic relation) compares CAST(page.id AS text) with
the entry's object_id, which SQLite cannot look up by primary key, so it would scan every
page for every match. Compared directly, SQLite converts the text id to a number itself.
"""

from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchAtomicRebuilder,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchRebuilder,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from django.db import connections
from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query

from search.paging import OneQueryPaging, counted_page_sql, searched_pages_sql
from search.single_word import one_word_among_pages, page_conditions
from search.term_counts import (
    AVERAGES_ROWID,
    BM25_B,
    BM25_K1,
    COLUMN_WEIGHTS,
    count_uncounted,
    set_reference,
    tables,
)


class TitleBoostedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        weights = ", ".join(map(str, COLUMN_WEIGHTS))
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class RankInOneQuery:
    """For a SQLite search query compiler: score and order the matches in the page query
    itself, joined once to the full-text table, instead of a subquery per page."""

    def search(self, config, start, stop, score_field=None):
        ranked = self.ranked(config, score_field=score_field)
        if ranked is None:
            return super().search(config, start, stop, score_field=score_field)
        return ranked[start:stop]

    def ranked(self, config, score_field=None):
        """Every match, scored in `score_field` (default "_score") and ordered by it
        if the search is ordered by relevance; None for the searches Wagtail's own
        method answers (match-all, negated, unscored)."""
        needs_score = self.order_by_relevance or score_field is not None
        if not needs_score or self.unranked():
            return None
        (match_sql, match_params), (score_sql, score_params), quote = self.match_and_score(config)
        entries, fts = IndexEntry._meta.db_table, SQLiteFTSIndexEntry._meta.db_table
        model = self.queryset.model._meta
        content_types = get_descendants_content_types_pks(self.queryset.model)
        # Only our own SQL and table names here; the reader's words are a query parameter.
        queryset = self.queryset.extra(  # noqa: S610
            tables=[entries, fts],
            where=[
                match_sql,
                f"{quote(fts)}.rowid = {quote(entries)}.id",
                # Entries of other models (snippets, images) share the same ids; an
                # object has one entry (unique per content type and id), so one row each.
                f"{quote(entries)}.content_type_id IN ({', '.join(['%s'] * len(content_types))})",
                f"{quote(entries)}.object_id = {quote(model.db_table)}.{quote(model.pk.column)}",
            ],
            params=[*match_params, *content_types],
        )
        score_field = score_field or "_score"
        score = RawSQL(score_sql, score_params, output_field=FloatField())  # noqa: S611 - Wagtail's, compiled
        queryset = queryset.annotate(**{score_field: score})
        if self.order_by_relevance:
            # bm25 is lower for better matches, so ascending, as Wagtail orders it.
            queryset = queryset.order_by(score_field, "-pk")
        elif not queryset.query.order_by:
            # Wagtail's default, to keep results in the same order from page to page.
            queryset = queryset.order_by("-pk")
        return queryset

    def ranked_ids_sql(self, config) -> tuple[str, list] | None:
        """SQL and params selecting (page id, total) in ranked order, to be sliced by
        two more params (LIMIT, OFFSET); None for the searches Wagtail's own query
        answers. The same rows and order as `ranked`, written out rather than built
        by the ORM (see search.postgres_ranking for why)."""
        if not self.order_by_relevance or self.unranked():
            return None
        (match_sql, match_params), (score_sql, score_params), quote = self.match_and_score(config)
        entries, fts = quote(IndexEntry._meta.db_table), quote(SQLiteFTSIndexEntry._meta.db_table)
        pages_sql, pages_params, content_types_in, content_types = searched_pages_sql(self.queryset)
        sql = counted_page_sql(
            # Only our own SQL, Wagtail's compiled expressions and table names; the
            # reader's words are among the params. bm25 is lower for better matches.
            f'SELECT "matched"."_page_id" AS "id", {score_sql} AS "score" FROM {fts} '  # noqa: S608
            f"JOIN {entries} ON {fts}.rowid = {entries}.id "
            f'JOIN ({pages_sql}) AS "matched" ON {entries}.object_id = "matched"."_page_id" '
            f"WHERE {match_sql} AND {entries}.content_type_id {content_types_in}",
            best_first="ASC",
        )
        return sql, [*score_params, *pages_params, *match_params, *content_types]

    def unranked(self) -> bool:
        """Searches that need no score: everything, or nothing but what is left out."""
        return isinstance(normalize(self.query), (MatchAll, Not))

    def match_and_score(self, config):
        """Wagtail's own MATCH and score expressions as SQL and params, compiled in a
        query of the full-text table: their SQL names the two index tables by their
        table names, which is how the page queries above bring those tables in. And
        the connection's quote_name."""
        fts_query = Query(SQLiteFTSIndexEntry)
        compiler = fts_query.get_compiler(using=self.queryset.db)
        query = normalize(self.query)
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))
        rank = self._build_rank_expression(self.get_search_vectors(), config).resolve_expression(fts_query)
        quote = compiler.connection.ops.quote_name
        return match.as_sql(compiler, compiler.connection), compiler.compile(rank), quote

    # Whether this compiler's score is the one search.term_counts can make (title and body).
    uses_term_counts = False

    def posted_ids_and_total(self, config, start: int, stop: int) -> tuple[list, int] | None:
        """For a search for one word of the letters a–z among pages filtered by path,
        live flag and type (the site search; search.single_word): the ids of its matches
        start…stop-1 in the order `ranked` gives them and how many match, worked out from
        search.term_counts' table in one query. None for any other search, or while
        some entry's words are not counted yet: then the full-text table ranks it."""
        word = one_word_among_pages(self) if self.uses_term_counts else None
        if word is None:
            return None
        queryset = self.queryset
        connection = connections[queryset.db]
        names = tables(connection)
        counts, where_sql, where_params = page_conditions(queryset, names["counts"])
        # The full-text tokenizer lowercases a word of ASCII letters and changes nothing else.
        conditions = '"lexeme" = %s' + (f" AND ({where_sql})" if where_sql else "")
        params = [word.lower(), *where_params]
        sql = (
            # Only our own SQL, numbers and the queryset's compiled conditions here; the
            # reader's word is among the params. One row at least, even past the last
            # match, so the count and the uncounted check always come back.
            f'SELECT "ranked"."page_id", "counted"."total", "counted"."uncounted" FROM ('  # noqa: S608
            f'SELECT (SELECT COUNT(*) FROM {counts} WHERE {conditions}) AS "total", '
            f'EXISTS (SELECT 1 FROM {names["uncounted"]}) AS "uncounted") AS "counted" '
            # Each match's bm25 worked out once, beneath its use twice in the score; only
            # for the rows that can be among the first `stop` (candidates_sql).
            f'LEFT JOIN (SELECT "page_id", "bm25" * "title_norm" + "bm25" * 1.0 AS "score" FROM ('
            f'SELECT "page_id", "title_norm", {self.counted_bm25_sql(names)} AS "bm25" FROM {counts} '
            f"WHERE {conditions} AND {self.candidates_sql(names, counts, conditions)}) "
            'ORDER BY "score" DESC, "page_id" DESC LIMIT %s OFFSET %s) AS "ranked" ON 1 '
            'ORDER BY "ranked"."score" DESC, "ranked"."page_id" DESC'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *params, *params, stop - 1, stop - start, start])
            rows = cursor.fetchall()
        if rows[0][2]:
            return None
        return [row[0] for row in rows if row[0] is not None], rows[0][1]

    @classmethod
    def candidates_sql(cls, names, counts, conditions) -> str:
        """The condition a row must meet to be among the first `stop` matches (one more
        param: stop - 1), in the word's index order, reference score first.

        A row's score is its reference score times (d + L / R) / (d + L / A), with A the
        index's average length now, R the reference length and d, L ≥ 0 its own: a
        factor between A / R and 1 (or 1 and A / R). So if T is the `stop`-th highest
        reference score among the matches, the first `stop` scores are at least T times
        the lower bound, and a row whose reference score is below T × min(A/R, R/A)
        scores below all of them. Those rows are left out, read in order from the
        index; with A near R (update_index sets R), a page of ten ranks about ten rows.
        A millionth is left to spare for rounding. Without a reference, every row."""
        average = cls.average_length_sql(names)
        reference = f'(SELECT "average" FROM {names["reference"]} WHERE "id" = 1)'  # noqa: S608
        stop_th = (
            f'(SELECT "reference_score" FROM {counts} WHERE {conditions} '  # noqa: S608
            'ORDER BY "reference_score" DESC LIMIT 1 OFFSET %s)'
        )
        factor = f"(MIN({average} / {reference}, {reference} / {average}) * (1 - 1e-6))"
        return f'"reference_score" >= COALESCE({stop_th} * {factor}, 0)'

    @staticmethod
    def average_length_sql(names) -> str:
        """The index's average length of the moment, read once per query from the
        full-text table itself (search.term_counts.average_length)."""
        return f"(SELECT search_average_length(block) FROM {names['fts_data']} WHERE id = {AVERAGES_ROWID})"  # noqa: S608

    @staticmethod
    def counted_bm25_sql(names) -> str:
        """A page's bm25 for one word, negated (higher is better), from its row of word
        counts: FTS5's bm25 for one phrase in the title and body columns as fts5_aux.c
        works it out, operation for operation (the row keeps the parts that depend on
        it alone: search.term_counts.COUNT), but for its IDF factor, the same for every
        match of one word (so the order is the same). The search then boosts it by the
        title_norm as Wagtail's does (_build_rank_expression: the score times title_norm
        plus the score times 1.0)."""
        average = RankInOneQuery.average_length_sql(names)
        k1, b = repr(BM25_K1), repr(BM25_B)
        return f'("numerator" / ("frequency" + {k1} * (1 - {b} + "length_term" / {average})))'

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # Wagtail's, with the title-boosted bm25 for each word or phrase.
        if isinstance(query, (Phrase, PlainText, Not)):
            return TitleBoostedBM25() * boost if boost != 1.0 else TitleBoostedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)


class RankedSQLiteSearchQueryCompiler(RankInOneQuery, SQLiteSearchQueryCompiler):
    uses_term_counts = True


class RankedSQLiteAutocompleteQueryCompiler(RankInOneQuery, SQLiteAutocompleteQueryCompiler):
    pass


class RankedSQLiteSearchResults(OneQueryPaging, SQLiteSearchResults):
    pass


class CountingSQLiteIndex(SQLiteIndex):
    """Wagtail's SQLite index, counting the words of what it has just indexed
    (search.term_counts)."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        count_uncounted(self.write_connection)


class CountingRebuilder:
    """For a rebuilder of the index (`update_index`): every entry counted at the end,
    including any noted while nothing indexed them (a database loaded afresh), and the
    reference length set to the index's average."""

    def finish(self):
        failed = getattr(getattr(self, "transaction", None), "needs_rollback", False)
        if not failed:
            count_uncounted(self.index.write_connection)
        super().finish()
        if not failed:
            # The average as it is now, so searches rank as few rows as they can.
            set_reference(self.index.write_connection)


class CountingSQLiteRebuilder(CountingRebuilder, SQLiteSearchRebuilder):
    pass


class CountingSQLiteAtomicRebuilder(CountingRebuilder, SQLiteSearchAtomicRebuilder):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults
    index_class = CountingSQLiteIndex
    rebuilder_class = CountingSQLiteRebuilder
    atomic_rebuilder_class = CountingSQLiteAtomicRebuilder
