"""On SQLite: how often each page's search entry uses each of its words (search.models.
TermCount), kept beside Wagtail's full-text table, so that a search for one word ranks
its pages from one index instead of asking the full-text table to score every match.

Why: Wagtail's SQLite backend scores a match with FTS5's bm25(), which reads the
match's positions and its length from the full-text table's own storage, row by row.
For a word most pages use ("power": 3,509 of the scale data's 4,467 entries) that was
12 ms of SQLite per search (bm25 twice for each match, then the join to the pages),
and the search page ran at 0.05 × the static file. bm25 cannot be kept as a score, as
PostgreSQL's postings keep ts_rank: it depends on the whole index's average entry
length, which every edit changes. What it is made of can be kept: how often the word
is in the entry's title and body, and how long the entry is. The search reads those
from one index and works out the same bm25 with the index's average length of the
moment (search.sqlite_ranking): about 2 ms for the same search, in the same order.

Working it out for all 3,509 rows was most of those 2 ms. So each row also keeps its
score at a reference length (search.models.ReferenceLength, the index's average when
the counts were first made and at every `update_index`), and a word's rows are indexed
best first by it. A row's score at any other average is within a factor of its
reference score that depends only on how far the average has moved, so a search reads
a word's rows in that order and works out the score only for those that can be on the
page it shows: with the average near the reference, about as many as the page holds.
0.7 ms for "power", counting its matches included.

SQLite keeps the rows right, in triggers installed by search's migration 0006:
- an entry Wagtail adds or whose words change has its rows removed and is noted as
  uncounted (search.models.UncountedEntry); so is an entry whose page is added after it
  (as when a database is loaded);
- a change of an entry's title_norm is copied to its rows, and a page's move or
  (un)publishing its path and live flag;
- an entry or page deleted takes its rows with it.
Counting the words needs SQLite's tokenizer, which a trigger cannot call: count_uncounted
runs it, after every indexing (search.sqlite_ranking's index) and at the end of
`update_index`, by putting the uncounted entries in a temporary full-text table made
like Wagtail's and reading its vocabulary. While any entry is uncounted, one-word
searches are ranked by the full-text table, so a search is never answered from counts
that are not all there.
"""

import re

from django.apps import apps
from django.db import transaction

from search.models import ReferenceLength, TermCount, UncountedEntry

# FTS5's "averages" record in a full-text table's %_data table: the number of rows, then
# the number of tokens in each column, each a SQLite varint (fts5_index.c, fixed by the
# file format).
AVERAGES_ROWID = 1


def varints(data: bytes) -> list[int]:
    """The unsigned integers in `data`, written as SQLite's variable-length integers: 7
    bits in each byte, most significant first, while the top bit is set; a ninth byte
    gives all its 8 bits."""
    numbers, position = [], 0
    while position < len(data):
        number = 0
        for length in range(9):
            byte = data[position]
            position += 1
            if length == 8:
                number = (number << 8) | byte
                break
            number = (number << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        numbers.append(number)
    return numbers


def average_length(averages: bytes | None) -> float | None:
    """The average entry length bm25 divides by (FTS5's avgdl: all tokens of all
    columns over the number of rows), from the full-text table's averages record."""
    if not averages:
        return None
    rows, *column_tokens = varints(averages)
    return sum(column_tokens) / rows if rows else None


def register_functions(sender, connection, **kwargs):
    """On each new SQLite connection (connection_created), the function the one-word
    search calls once per query to read the average length."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("search_average_length", 1, average_length, deterministic=True)


def tables(connection) -> dict[str, str]:
    quote = connection.ops.quote_name
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    return {
        "counts": quote(TermCount._meta.db_table),
        "uncounted": quote(UncountedEntry._meta.db_table),
        "reference": quote(ReferenceLength._meta.db_table),
        "entries": quote(entries),
        "fts": quote(f"{entries}_fts"),
        "fts_data": quote(f"{entries}_fts_data"),
        "pages": quote(TermCount._meta.get_field("page").related_model._meta.db_table),
    }


# {counts}, {uncounted}, {entries} and {pages} are the tables' quoted names, and
# {new_reference_score} a row's reference score with the entry's new title_norm.
TRIGGERS = [
    """CREATE TRIGGER search_termcount_entry_added AFTER INSERT ON {entries} BEGIN
        INSERT OR IGNORE INTO {uncounted} (entry_id) VALUES (NEW.id);
    END""",
    # Wagtail writes every text column with each change, and title_norm alone after.
    """CREATE TRIGGER search_termcount_entry_changed AFTER UPDATE ON {entries}
    WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.autocomplete IS NOT NEW.autocomplete
        OR OLD.object_id IS NOT NEW.object_id OR OLD.content_type_id IS NOT NEW.content_type_id
    BEGIN
        DELETE FROM {counts} WHERE entry_id = NEW.id;
        INSERT OR IGNORE INTO {uncounted} (entry_id) VALUES (NEW.id);
    END""",
    """CREATE TRIGGER search_termcount_title_norm_changed AFTER UPDATE OF title_norm ON {entries}
    WHEN OLD.title_norm IS NOT NEW.title_norm
    BEGIN
        UPDATE {counts} SET title_norm = NEW.title_norm, reference_score = {new_reference_score}
        WHERE entry_id = NEW.id;
    END""",
    """CREATE TRIGGER search_termcount_entry_deleted AFTER DELETE ON {entries} BEGIN
        DELETE FROM {counts} WHERE entry_id = OLD.id;
        DELETE FROM {uncounted} WHERE entry_id = OLD.id;
    END""",
    """CREATE TRIGGER search_termcount_page_added AFTER INSERT ON {pages} BEGIN
        INSERT OR IGNORE INTO {uncounted} (entry_id)
        SELECT id FROM {entries}
        WHERE content_type_id = NEW.content_type_id AND object_id = CAST(NEW.id AS TEXT);
    END""",
    # Django saves every column of a page: only a real move or (un)publishing rewrites rows.
    """CREATE TRIGGER search_termcount_page_changed AFTER UPDATE OF path, live ON {pages}
    WHEN OLD.path IS NOT NEW.path OR OLD.live IS NOT NEW.live
    BEGIN
        UPDATE {counts} SET path = NEW.path, live = NEW.live WHERE page_id = NEW.id;
    END""",
    """CREATE TRIGGER search_termcount_page_deleted AFTER DELETE ON {pages} BEGIN
        DELETE FROM {counts} WHERE page_id = OLD.id;
    END""",
]

TRIGGER_NAMES = [re.search(r"CREATE TRIGGER (\w+)", trigger).group(1) for trigger in TRIGGERS]

# The temporary full-text table the uncounted entries are tokenized in, and its
# vocabulary: one row for each word of each entry (doc: the entry's id; col: its column).
COUNTING = "search_counting"
COUNTING_WORDS = "search_counting_words"

# bm25's weight for each column of the full-text table, in the order Wagtail's migration
# creates them: fts5(autocomplete, body, title). A word in the title counts twice.
COLUMN_WEIGHTS = (1.0, 1.0, 2.0)
BODY_WEIGHT, TITLE_WEIGHT = COLUMN_WEIGHTS[1:]
# FTS5's bm25 constants (fts5_aux.c). The rows keep parts of the score made with these
# and the weights above: a change to any of them needs a migration calling recount_all.
BM25_K1, BM25_B = 1.2, 0.75

# A row's bm25 without its IDF factor at the reference length: search.sqlite_ranking's
# expression, with the reference in place of the index's average of the moment.
REFERENCE_BM25 = (
    '("numerator" / ("frequency" + {k1} * (1 - {b} + "length_term" / '
    '(SELECT "average" FROM {reference} WHERE "id" = 1))))'
)

COUNT = """
INSERT INTO {counts} (entry_id, page_id, content_type_id, path, live, lexeme, title_count, body_count, length,
    title_norm, frequency, numerator, length_term, reference_score)
SELECT entry_id, page_id, content_type_id, path, live, lexeme, title_count, body_count, length,
    title_norm, frequency, numerator, length_term, {reference_score}
FROM (
    SELECT *, frequency * ({k1} + 1.0) AS numerator, {b} * length AS length_term FROM (
        SELECT *, body_count * {body_weight} + title_count * {title_weight} AS frequency FROM (
            SELECT words.doc AS entry_id, page.id AS page_id, page.content_type_id, page.path, page.live,
                words.term AS lexeme, SUM(words.col = 'title') AS title_count,
                SUM(words.col = 'body') AS body_count, lengths.length, entry.title_norm
            FROM temp.{counting_words} AS words
            -- bm25's length of an entry: its tokens in every column, as the full-text table counts them.
            JOIN (SELECT doc, COUNT(*) AS length FROM temp.{counting_words} GROUP BY doc) AS lengths
                ON lengths.doc = words.doc
            JOIN {entries} AS entry ON entry.id = words.doc
            -- A page's entry only: a snippet's or a picture's may share the page's id, not its type.
            JOIN {pages} AS page ON page.id = entry.object_id AND page.content_type_id = entry.content_type_id
            -- The columns a search matches (not autocomplete), and words of the letters a-z only.
            WHERE words.col IN ('title', 'body') AND words.term NOT GLOB '*[^a-z]*'
            GROUP BY words.doc, words.term
        )
    )
)
"""


def full_text_definition(connection) -> str | None:
    """Wagtail's full-text table's CREATE statement; None where there is none (a SQLite
    without FTS5 gets Wagtail's LIKE search, and nothing here)."""
    fts = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table + "_fts"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [fts])
        row = cursor.fetchone()
    return row[0] if row else None


def counting_table_sql(connection) -> str:
    """The temporary table made as Wagtail's full-text table is (its columns and
    tokenizer, read from its own definition), so it splits text into the same words."""
    definition = full_text_definition(connection)
    _create, using = definition.split(" USING ", 1)
    if not using.startswith("fts5("):
        raise ValueError(f"Wagtail's full-text table is not an FTS5 table: {definition!r}")
    return f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{COUNTING} USING {using}"


def count_uncounted(connection) -> int:
    """Count the words of every uncounted entry (TermCount rows for the pages' entries)
    and clear them from UncountedEntry. How many entries were counted."""
    names = tables(connection)
    # One transaction: the entries counted are the ones cleared, whatever another
    # process notes meanwhile.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {names['uncounted']})")  # noqa: S608 - table names
        if not cursor.fetchone()[0]:
            return 0
        cursor.execute(counting_table_sql(connection))
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{COUNTING_WORDS} USING fts5vocab(temp, {COUNTING}, instance)"
        )
        cursor.execute(f"DELETE FROM temp.{COUNTING}")  # noqa: S608 - our own table
        # Only our own SQL and table names in what follows.
        cursor.execute(
            f"INSERT INTO temp.{COUNTING} (rowid, title, body, autocomplete) "  # noqa: S608
            f"SELECT entry.id, entry.title, entry.body, entry.autocomplete FROM {names['entries']} AS entry "
            f"JOIN {names['uncounted']} AS uncounted ON uncounted.entry_id = entry.id"
        )
        counted = f"(SELECT rowid FROM temp.{COUNTING})"  # noqa: S608
        cursor.execute(f"DELETE FROM {names['counts']} WHERE entry_id IN {counted}")  # noqa: S608
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {names['reference']})")  # noqa: S608
        if not cursor.fetchone()[0]:
            set_reference(connection)
        cursor.execute(
            COUNT.format(
                counting_words=COUNTING_WORDS,
                k1=repr(BM25_K1),
                b=repr(BM25_B),
                body_weight=repr(BODY_WEIGHT),
                title_weight=repr(TITLE_WEIGHT),
                reference_score=reference_score_sql(names, '"title_norm"'),
                **names,
            )
        )
        # Entries noted but deleted since (their trigger removed them here too) are gone.
        cursor.execute(f"DELETE FROM {names['uncounted']} WHERE entry_id IN {counted}")  # noqa: S608
        cursor.execute(f"SELECT COUNT(*) FROM temp.{COUNTING}")  # noqa: S608
        total = cursor.fetchone()[0]
        cursor.execute(f"DELETE FROM temp.{COUNTING}")  # noqa: S608
    return total


def install(connection) -> None:
    """The triggers that keep the table, and its rows for every entry already indexed
    (search's migration 0006). Nothing without Wagtail's full-text table."""
    if full_text_definition(connection) is None:
        return
    names = tables(connection)
    with connection.cursor() as cursor:
        for trigger in TRIGGERS:
            cursor.execute(trigger.format(new_reference_score=reference_score_sql(names, "NEW.title_norm"), **names))
    recount_all(connection)


def reference_score_sql(names, title_norm: str) -> str:
    """A row's score at the reference length (REFERENCE_BM25), with `title_norm` (SQL)."""
    bm25 = REFERENCE_BM25.format(k1=repr(BM25_K1), b=repr(BM25_B), reference=names["reference"])
    return f"({bm25} * {title_norm} + {bm25} * 1.0)"


def index_average_length(connection) -> float | None:
    """The full-text table's average entry length, as bm25 works it out."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT block FROM {tables(connection)['fts_data']} WHERE id = %s", [AVERAGES_ROWID])  # noqa: S608
        row = cursor.fetchone()
    return average_length(row[0]) if row else None


def set_reference(connection, average: float | None = None) -> None:
    """Make `average` (by default the index's average length of the moment) the
    reference, and every row's reference score follow (`update_index` does, so a
    search ranks as few rows as it can; the first count does, to have one)."""
    names = tables(connection)
    average = average or index_average_length(connection)
    if average is None:
        # An empty index has no average (and no rows to score); keep the last one.
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {names['reference']}")  # noqa: S608
        cursor.execute(f"INSERT INTO {names['reference']} (id, average) VALUES (1, %s)", [average])  # noqa: S608
        score = reference_score_sql(names, '"title_norm"')
        cursor.execute(f"UPDATE {names['counts']} SET reference_score = {score}")  # noqa: S608


def recount_all(connection) -> None:
    """Count every entry's words again."""
    names = tables(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT OR IGNORE INTO {names['uncounted']} (entry_id) SELECT id FROM {names['entries']}")  # noqa: S608
    count_uncounted(connection)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for name in TRIGGER_NAMES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DELETE FROM {tables(connection)['counts']}")  # noqa: S608
