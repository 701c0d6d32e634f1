"""What the two word tables (search.postings on PostgreSQL, search.term_counts on SQLite)
have in common: which searches they can answer, and the page queryset's conditions
asked of their rows.

The site search's commonest question is one word among pages filtered by path, live
flag and type. Both tables keep, for each word, a row for each page using it, with those
three columns named as the page's own; so the queryset's own WHERE clause, written on
the page table's alias, can be asked of them as it is, and no page is joined.
"""

import re

from modelsearch.query import PlainText

from django.core.exceptions import FullResultSet
from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.sql.where import WhereNode

from wagtail.models import Page

# The words the tables keep: letters a–z only (search.postings, search.term_counts).
ONE_WORD = re.compile(r"[A-Za-z]+")

# The page columns the tables copy, under the same names.
PAGE_COLUMNS = frozenset({"path", "live", "content_type_id"})


def filters_only(query, columns: frozenset[str]) -> bool:
    """Whether `query` reads one table, filtered only by comparing its `columns` with
    plain values (no joins, subqueries or other columns), and is not sliced or combined."""
    # A join Django set up and then trimmed (filtering on content_type__in) is unused.
    used = [alias for alias in query.alias_map if query.alias_refcount[alias]]
    if len(used) != 1 or query.extra or query.combinator or query.is_sliced or query.distinct:
        return False
    alias = query.get_initial_alias()

    def plain(node) -> bool:
        if isinstance(node, WhereNode):
            return all(plain(child) for child in node.children)
        return (
            isinstance(node, Lookup)
            and isinstance(node.lhs, Col)
            and node.lhs.alias == alias
            and node.lhs.target.column in columns
            and not hasattr(node.rhs, "resolve_expression")
        )

    return plain(query.where)


def one_word_among_pages(compiler) -> str | None:
    """For a search query compiler: the word searched for, if the search is one word of
    the letters a–z, in every searchable field, ranked, among pages filtered on
    PAGE_COLUMNS only; None for any other search."""
    query, queryset = compiler.query, compiler.queryset
    if (
        compiler.fields is None
        and compiler.order_by_relevance
        and isinstance(query, PlainText)
        and ONE_WORD.fullmatch(query.query_string)
        and queryset.model is Page
        and filters_only(queryset.query, PAGE_COLUMNS)
    ):
        return query.query_string
    return None


def page_conditions(queryset, table: str) -> tuple[str, str, list]:
    """The FROM clause naming `table` (quoted) by the page queryset's own alias, and the
    queryset's WHERE clause ("" for none) and params, which then read that table's
    columns of the same names."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        where_sql, where_params = compiler.compile(queryset.query.where)
    except FullResultSet:
        where_sql, where_params = "", []
    alias = compiler.connection.ops.quote_name(queryset.query.get_initial_alias())
    return f"{table} AS {alias}", where_sql, list(where_params)
