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
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query

from search.paging import OneQueryPaging, counted_page_sql, searched_pages_sql

# bm25's weight for each column of the full-text table, in the order Wagtail's migration
# creates them: fts5(autocomplete, body, title).
COLUMN_WEIGHTS = (1.0, 1.0, 2.0)


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

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # Wagtail's, with the title-boosted bm25 for each word or phrase.
        if isinstance(query, (Phrase, PlainText, Not)):
            return TitleBoostedBM25() * boost if boost != 1.0 else TitleBoostedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)


class RankedSQLiteSearchQueryCompiler(RankInOneQuery, SQLiteSearchQueryCompiler):
    pass


class RankedSQLiteAutocompleteQueryCompiler(RankInOneQuery, SQLiteAutocompleteQueryCompiler):
    pass


class RankedSQLiteSearchResults(OneQueryPaging, SQLiteSearchResults):
    pass


class RankedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = RankedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = RankedSQLiteAutocompleteQueryCompiler
    results_class = RankedSQLiteSearchResults
