"""What PostgreSQL needs to search well: indexes (search/migrations), so a search reaches
the pages it found through an index whatever the number of pages; and one process per
query (settings)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")


def plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        # Tables this small are read whole whatever the indexes; forbid it, so the plan
        # shows which index could serve the search on a site of any size.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_search_reaches_the_pages_it_found_by_index(demo):
    with CaptureQueriesContext(connection) as queries:
        assert Page.objects.live().search("Dragons").count() == 1
    sql = queries.captured_queries[-1]["sql"]
    # The captured SQL has its parameters in place already.
    shown = plan(sql, None)
    assert "search_page_id_as_text" in shown, shown
    assert "Seq Scan on wagtailcore_page" not in shown, shown


@pytest.mark.django_db
def test_the_sites_connections_run_each_query_in_one_process():
    """A search for a common word would otherwise start PostgreSQL worker processes for
    itself (DATABASE_PARALLEL_WORKERS, site_config/settings/base.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
