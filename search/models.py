from django.db import models


class Posting(models.Model):
    """Not edited by anyone: how well each page's search entry scores for each of its
    words, kept by PostgreSQL itself (search.postings) so that the site search for a
    single word reads its best pages and their count from one index.

    One row for each word (a lexeme of letters a–z, as PostgreSQL's full-text search
    stems it) of each page's entry in Wagtail's search index, with the score Wagtail's
    PostgreSQL backend gives that page for that word, and the page's path, live flag and
    type, which the site search filters on. Filled on PostgreSQL only; on SQLite the
    table stays empty and is never read."""

    # Foreign keys in PostgreSQL's eyes only (search.postings adds them, deleting a row
    # with its entry or page): Wagtail removes entries with a raw delete Django's own
    # cascade would not see.
    entry = models.ForeignKey(
        "wagtailsearch.IndexEntry", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    # Named as the page's own columns, so a page queryset's filters on them can be
    # asked of these rows as they are (search.postgres_ranking).
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    path = models.CharField(max_length=255)
    live = models.BooleanField()
    lexeme = models.TextField()
    score = models.FloatField()

    class Meta:
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
