"""One page of search results and how many there are, asked of the database at once.

Why: Django's Paginator asks a search for its count, then for one page of it, and the
database backend answers each with a query of its own, built by the ORM from scratch:
two full-text searches of every match and two rounds of query building. For a search
finding a few dozen pages the building cost more than the searching (about 1.4 ms of a
3 ms search page, the SQL 0.1 ms of it). Our search backends (search.backends) answer
both in one query instead, the count beside each ranked row (COUNT(*) OVER ()); a
backend without that (Wagtail's fallback LIKE search) is asked Django's way.

The numbering is Django's: a page number that is not a number shows the first page,
one past the last (or below 1) shows the last, as Paginator.get_page does.
"""

from modelsearch.utils import get_descendants_content_types_pks

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import F


def requested_page_number(value) -> int:
    """The page a reader asked for, to fetch first; Django's rules decide afterwards
    what to show if it is not a page of these results."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def ids_by_count_and_slice(found, start: int, stop: int) -> tuple[list[int], int]:
    """Django's way, for a search that cannot answer both at once: count, then slice."""
    total = found.count()
    return ([page.pk for page in found[start:stop]] if total > start else []), total


def counted_page_sql(scored_sql: str, *, best_first: str) -> str:
    """SQL of one page of the rows of `scored_sql` (columns "id" and "score"), best
    first, and how many rows there are in all beside each (COUNT(*) OVER (), worked out
    before LIMIT). `best_first` is "DESC" where a higher score is better, "ASC" where
    lower is; newer ids first among equals, as Wagtail orders them. Two more params
    follow scored_sql's own: LIMIT and OFFSET.

    The scores are worked out inside and counted and ordered outside: SQLite refuses
    bm25() in the same SELECT as a window function, and PostgreSQL otherwise keeps each
    match's whole index entry beside the count until the ranking (see
    search.postgres_ranking)."""
    if best_first not in ("ASC", "DESC"):
        raise ValueError(f"best_first is ASC or DESC, not {best_first!r}")
    return (
        'SELECT "id", COUNT(*) OVER () FROM ('  # noqa: S608 - our own SQL around the backend's
        f'{scored_sql}) AS "scored" ORDER BY "score" {best_first}, "id" DESC LIMIT %s OFFSET %s'
    )


def searched_pages_sql(queryset) -> tuple[str, list, str, list]:
    """For a backend's written-out query: the searched queryset as SQL selecting each
    page's id as "_page_id" (with its params), and an IN list (with its params) of the
    content types an index entry of those pages has: the model's and its subclasses'.
    Entries of other models (snippets, pictures) share the same ids."""
    pages_sql, pages_params = queryset.order_by().values(_page_id=F("pk")).query.sql_with_params()
    content_types = get_descendants_content_types_pks(queryset.model)
    return pages_sql, list(pages_params), f"IN ({', '.join(['%s'] * len(content_types))})", content_types


class OneQueryPaging:
    """For a backend's search results whose query compiler has ranked_ids_sql(config):
    SQL and params of counted_page_sql, or None for searches it does not rank."""

    def ids_and_total(self, start: int, stop: int) -> tuple[list, int | None]:
        """Ids of the ranked matches start…stop-1 and how many match in all, in one
        query; the total is None when the slice is empty and the query cannot tell
        (searches not ranked there are counted apart). Of the results as searched, not
        of a slice. A compiler that can answer some searches from elsewhere first
        (posted_ids_and_total, search.postgres_ranking) is asked first."""
        compiler = self.query_compiler
        config = compiler.get_config(self.backend)
        if hasattr(compiler, "posted_ids_and_total"):
            answer = compiler.posted_ids_and_total(config, start, stop)
            if answer is not None:
                return answer
        found = compiler.ranked_ids_sql(config)
        if found is None:
            return ids_by_count_and_slice(self, start, stop)
        sql, params = found
        with connections[compiler.queryset.db].cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            rows = cursor.fetchall()
        return [row[0] for row in rows], (rows[0][1] if rows else None)


def ranked_ids(found, start: int, stop: int) -> tuple[list[int], int | None]:
    """The ids of matches start…stop-1 in ranked order, with how many there are in all
    (None when this slice is empty and the search alone cannot say)."""
    if hasattr(found, "ids_and_total"):
        return found.ids_and_total(start, stop)
    return ids_by_count_and_slice(found, start, stop)


def page_of_results(found, number, per_page: int) -> Page:
    """Page `number` (as the reader typed it) of Wagtail search results `found`: a
    Django Page whose object_list is the ids of its pages, in ranked order."""
    first_try = requested_page_number(number)
    start = (first_try - 1) * per_page
    ids, total = ranked_ids(found, start, start + per_page)
    if total is None:
        # Nothing at that offset, so no count came with it. Page 1 empty means none.
        total = found.count() if start else 0
    # A range is as long as the results and costs nothing to count or slice.
    page = Paginator(range(total), per_page).get_page(number)
    if total and page.number != first_try:
        # Past the last page (or before the first): Django shows the last one, so fetch it.
        ids, _ = ranked_ids(found, page.start_index() - 1, page.end_index())
    page.object_list = ids
    return page
