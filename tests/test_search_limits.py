"""A 10,000-character search query is answered at once, without an error: it is cut to
200 characters and a few words before it reaches the full-text search."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def run_search(client, query: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    return response, queries


def test_a_10000_character_query_costs_no_more_than_a_short_one(client, demo):
    query = "power stories " + "x" * 10_000
    run_search(client, "warm")  # the first request of a test also fills per-site caches
    _, short = run_search(client, query[:200])
    response, long = run_search(client, query)
    assert response.status_code == 200
    assert "only its first 200 characters were used" in response.content.decode()
    assert len(long) == len(short), "the same queries as for a short search"
    longest = max(len(query["sql"]) for query in long.captured_queries)
    assert longest < 5_000, "the 10,000 characters never reach the database"


def test_a_query_of_10000_words_is_cut_to_a_few(client, demo):
    response, queries = run_search(client, "co " * 3_400)
    assert response.status_code == 200
    assert max(len(query["sql"]) for query in queries.captured_queries) < 5_000
