"""On PostgreSQL: an index on each page's id written as text, the very expression
Wagtail's database backend joins a page to its search entry by (the entry's object_id
is text, so a page's id is cast to compare: page.id::varchar(50) = object_id).

Without it PostgreSQL could only reach pages from their entries by reading every page
and casting its id: 1.9 ms for each of a search's two queries (its count and its
ranked results) whatever the number of matches, and for a common word a nested loop
comparing each ranked match with every page. With it, each match finds its page by
the index: 0.2–0.35 ms for a search finding a few dozen pages, and the ranked query
for "power" (3,509 matches in the scale data) from 21.5 to 15.5 ms. SQLite has its own
full-text join (search/sqlite_ranking.py): nothing to do.
"""

from django.db import migrations

INDEX = "search_page_id_as_text"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    pages = schema_editor.quote_name(apps.get_model("wagtailcore", "Page")._meta.db_table)
    # The cast exactly as Django writes it for the generic relation's join.
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {pages} ((id::varchar(50)))")
    schema_editor.execute(f"ANALYZE {pages}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_title_and_body_together")]

    operations = [migrations.RunPython(create_index, drop_index)]
