"""On PostgreSQL: each page's score for each of its words, kept beside Wagtail's search
index (search.models.Posting), so that a search for one word reads its best pages and
how many there are from one index instead of ranking every page that has the word.

Why: Wagtail's PostgreSQL backend ranks a search by working out ts_rank() for every
matching entry, then sorting them. For a rare word that is nothing; for a word most
pages use ("power": 3,509 of the scale data's 4,467 entries) it was 11 ms of PostgreSQL
time per search, with the count of results and the join to the searched pages on top,
and the search page ran at 0.04 × the static file. A search engine keeps, for each
word, its documents in score order; so does this table, and the same search takes
1.2–1.7 ms (search.postgres_ranking).

PostgreSQL keeps it, in triggers installed by search's migration 0004:
- an entry Wagtail adds or changes (title, body, title_norm) has its rows written again,
  scored as Wagtail scores a one-word search (the weights below, the title's score
  times its title_norm, plus the body's);
- a page that moves, or is published or unpublished, has its path and live flag
  copied to its rows; a page added after its entry (as when a database is loaded)
  gets its rows then;
- an entry or page deleted takes its rows with it (foreign keys with ON DELETE CASCADE,
  which also catch Wagtail's raw deletes of entries).
Only words of the letters a–z are kept: the site search asks this table only for a
word of those letters, whose lexeme is letters too; anything else is ranked by Wagtail's
query as before.

The scores depend on the weights Wagtail gives each search field's boost, fixed when
the code is. They live in the function search_posting_weights(): set by the migration
and by every `update_index` (rescoring every row when they changed), and compared with
the running code's by every search that reads the table, so after a deploy that changes
a boost, searches go through Wagtail's own query until `update_index` has run.
"""

from django.apps import apps

from search.models import Posting


def tables(connection) -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "postings": quote(Posting._meta.db_table),
        "entries": quote(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table),
        "pages": quote(Posting._meta.get_field("page").related_model._meta.db_table),
    }


def weights_literal(sql_weights: str) -> str:
    """Wagtail's weights ('{0.1,0.2,0.4,1.0}', get_sql_weights) as a float4[] literal,
    each read as a number first: they become part of a function's SQL."""
    numbers = [float(weight) for weight in sql_weights.strip("{}").split(",")]
    if len(numbers) != 4:
        raise ValueError(f"Wagtail's search weights are four numbers, not {sql_weights!r}")
    return "'{" + ",".join(repr(number) for number in numbers) + "}'::float4[]"


def define_weights(cursor, sql_weights: str) -> None:
    cursor.execute(
        "CREATE OR REPLACE FUNCTION search_posting_weights() RETURNS float4[] "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {weights_literal(sql_weights)} $$"
    )


def set_weights(connection, sql_weights: str) -> bool:
    """Score rows from now on with `sql_weights`; True when they differ from the ones
    the table was scored with (every row then needs rescoring: rescore_all)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_posting_weights() = %s::float4[]", [sql_weights])
        if cursor.fetchone()[0]:
            return False
        define_weights(cursor, sql_weights)
    return True


def rescore_all(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT search_posting_fill(id) FROM {tables(connection)['entries']}")  # noqa: S608


# {postings}, {entries} and {pages} are the tables' quoted names.
FUNCTIONS = """
CREATE OR REPLACE FUNCTION search_posting_fill(entry integer) RETURNS void LANGUAGE sql AS $$
    DELETE FROM {postings} WHERE entry_id = entry;
    -- A page's entry only: a snippet's or a picture's may share the page's id, not its type.
    INSERT INTO {postings} (entry_id, page_id, content_type_id, path, live, lexeme, score)
    SELECT e.id, p.id, p.content_type_id, p.path, p.live, word.lexeme,
           -- Wagtail's score for a one-word search (search.postgres_ranking.word_rank_sql).
           ts_rank(search_posting_weights(), e.title, word.query) * e.title_norm
           + ts_rank(search_posting_weights(), e.body, word.query)
    FROM {entries} e
    JOIN {pages} p ON p.id::varchar(50) = e.object_id AND p.content_type_id = e.content_type_id
    CROSS JOIN LATERAL (
        -- Letters only, so quoting the lexeme as a tsquery needs no escaping.
        SELECT lexeme, ('''' || lexeme || '''')::tsquery AS query
        FROM unnest(e.title || e.body) WHERE lexeme ~ '^[a-z]+$'
    ) AS word
    WHERE e.id = entry;
$$;

CREATE OR REPLACE FUNCTION search_posting_entry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_posting_fill(NEW.id);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION search_posting_page_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM search_posting_fill(e.id) FROM {entries} e
    WHERE e.object_id = NEW.id::varchar(50) AND e.content_type_id = NEW.content_type_id;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION search_posting_page_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE {postings} SET path = NEW.path, live = NEW.live WHERE page_id = NEW.id;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER search_posting_entry_added AFTER INSERT ON {entries}
    FOR EACH ROW EXECUTE FUNCTION search_posting_entry_changed();
-- Wagtail writes title_norm = 1.0 with every change and its real value just after.
CREATE TRIGGER search_posting_entry_changed AFTER UPDATE ON {entries}
    FOR EACH ROW WHEN (
        OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body
        OR OLD.title_norm IS DISTINCT FROM NEW.title_norm OR OLD.object_id IS DISTINCT FROM NEW.object_id
        OR OLD.content_type_id IS DISTINCT FROM NEW.content_type_id
    ) EXECUTE FUNCTION search_posting_entry_changed();
CREATE TRIGGER search_posting_page_added AFTER INSERT ON {pages}
    FOR EACH ROW EXECUTE FUNCTION search_posting_page_added();
-- Django saves every column of a page: only a real move or (un)publishing rewrites rows.
CREATE TRIGGER search_posting_page_changed AFTER UPDATE ON {pages}
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path OR OLD.live IS DISTINCT FROM NEW.live)
    EXECUTE FUNCTION search_posting_page_changed();

ALTER TABLE {postings} ADD CONSTRAINT search_posting_entry_fk FOREIGN KEY (entry_id)
    REFERENCES {entries} (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE {postings} ADD CONSTRAINT search_posting_page_fk FOREIGN KEY (page_id)
    REFERENCES {pages} (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;
"""

UNINSTALL = """
DROP TRIGGER IF EXISTS search_posting_entry_added ON {entries};
DROP TRIGGER IF EXISTS search_posting_entry_changed ON {entries};
DROP TRIGGER IF EXISTS search_posting_page_added ON {pages};
DROP TRIGGER IF EXISTS search_posting_page_changed ON {pages};
DROP FUNCTION IF EXISTS search_posting_entry_changed();
DROP FUNCTION IF EXISTS search_posting_page_added();
DROP FUNCTION IF EXISTS search_posting_page_changed();
DROP FUNCTION IF EXISTS search_posting_fill(integer);
DROP FUNCTION IF EXISTS search_posting_weights();
"""


def install(connection, sql_weights: str) -> None:
    """The functions, triggers and foreign keys that keep the table, and a row for every
    word of every page's entry already indexed (search's migration 0004)."""
    names = tables(connection)
    with connection.cursor() as cursor:
        define_weights(cursor, sql_weights)
        cursor.execute(FUNCTIONS.format(**names))
        cursor.execute(TRIGGERS.format(**names))
    rescore_all(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names['postings']}")


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(UNINSTALL.format(**tables(connection)))
