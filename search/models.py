from django.db import models


class PageWord(models.Model):
    """A word of a page's entry in Wagtail's search index, with what the site search
    filters the page on (Posting, TermCount)."""

    # Not foreign keys in Django's eyes: the database removes a row with its entry or
    # page (PostgreSQL's foreign keys, added by search.postings; SQLite's triggers,
    # search.term_counts), as Wagtail removes entries with a raw delete Django's own
    # cascade would not see.
    entry = models.ForeignKey(
        "wagtailsearch.IndexEntry", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    # Named as the page's own columns, so a page queryset's filters on them can be
    # asked of these rows as they are (search.single_word).
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    path = models.CharField(max_length=255)
    live = models.BooleanField()
    lexeme = models.TextField()

    class Meta:
        abstract = True


class Posting(PageWord):
    """Not edited by anyone: how well each page's search entry scores for each of its
    words, kept by PostgreSQL itself (search.postings) so that the site search for a
    single word reads its best pages and their count from one index.

    One row for each word (a lexeme of letters a–z, as PostgreSQL's full-text search
    stems it) of each page's entry in Wagtail's search index, with the score Wagtail's
    PostgreSQL backend gives that page for that word, and the page's path, live flag and
    type, which the site search filters on. Filled on PostgreSQL only; on SQLite the
    table stays empty and is never read."""

    score = models.FloatField()

    class Meta(PageWord.Meta):
        indexes = [
            # A word's best pages first, and everything its search filters on, so one
            # index-only scan answers both a page of results and how many there are.
            models.Index(
                fields=["lexeme", "-score", "-page"],
                include=["live", "path", "content_type"],
                name="search_posting_ranked",
            ),
        ]

    def __str__(self):
        return f"{self.lexeme} in page {self.page_id}: {self.score}"


class TermCount(PageWord):
    """Not edited by anyone: how often each page's search entry uses each of its words,
    kept on SQLite (search.term_counts) so that the site search for a single word ranks
    its pages from one index instead of through the full-text table.

    One row for each word (letters a–z, as SQLite's full-text tokenizer lowercases it)
    in the title or body of each page's entry in Wagtail's search index: how many times
    it is in each, how many words the whole entry has, and the entry's title_norm, from
    which the search works out the score Wagtail's SQLite backend would give (bm25,
    which also depends on the whole index's average length, read at search time). With
    the page's path, live flag and type, which the site search filters on. Filled on
    SQLite only; on PostgreSQL the table stays empty and is never read (the postings
    above do this there)."""

    title_count = models.PositiveIntegerField()
    body_count = models.PositiveIntegerField()
    # Words in the whole entry (title, body and autocomplete), as the full-text table
    # counts them for bm25.
    length = models.PositiveIntegerField()
    title_norm = models.FloatField()
    # The parts of bm25 that depend on this row alone, worked out when it is counted as
    # FTS5 works them out (search.sqlite_ranking.counted_bm25_sql): the weighted
    # frequency (the title's count twice), times k1 + 1, and the length times b.
    frequency = models.FloatField()
    numerator = models.FloatField()
    length_term = models.FloatField()
    # The score this row would have if the index's average length were the one in
    # ReferenceLength: within a known factor of its score at any other average, so a
    # search reads a word's rows in this order and ranks only those that can be among
    # the page it shows (search.sqlite_ranking).
    reference_score = models.FloatField()

    class Meta(PageWord.Meta):
        indexes = [
            # A word's rows best first by reference score, with everything their score
            # and the search's filters need, so index-only scans rank and count them.
            # Key columns all (SQLite has no INCLUDE).
            models.Index(
                fields=[
                    "lexeme",
                    "-reference_score",
                    "live",
                    "path",
                    "content_type",
                    "frequency",
                    "numerator",
                    "length_term",
                    "title_norm",
                    "page",
                ],
                name="search_termcount_ranked",
            ),
        ]

    def __str__(self):
        return f"{self.lexeme} in page {self.page_id}: {self.title_count} + {self.body_count} of {self.length}"


class UncountedEntry(models.Model):
    """Not edited by anyone: on SQLite, the search entries whose words TermCount does not
    hold yet, noted by triggers whenever an entry is written or its page is added, and
    counted by search.term_counts (after every indexing, or by `update_index`). While
    any is here, one-word searches are ranked through the full-text table instead."""

    entry_id = models.IntegerField(primary_key=True)

    def __str__(self):
        return f"search entry {self.entry_id}"


class ReferenceLength(models.Model):
    """Not edited by anyone: on SQLite, the average entry length TermCount's reference
    scores were worked out with (one row), set when the counts are first made and by
    every `update_index`; the further the index's average has moved from it since, the
    more rows a one-word search ranks (search.term_counts)."""

    average = models.FloatField()

    def __str__(self):
        return f"reference length {self.average}"
