"""On PostgreSQL: an index on each search entry's title and body together, the very
expression Wagtail's database backend matches against (title || body @@ query).

Wagtail indexes title and body separately, and its comments expect this combined index
from a migration that does not exist, so every search read every index entry. Worse,
without the index PostgreSQL keeps no statistics on the expression and guesses that a
search matches almost nothing; for a common word it then joined pages to entries by
comparing every page with every match: 2.8 s for "power stories health" on the scale
data, ~50 ms with this index. ANALYZE gives the planner those statistics (and the pages'
it joins them to) at once rather than at the next automatic analyze, or never where
autovacuum is off. SQLite has its own full-text table: nothing to do.
"""

from django.db import migrations

INDEX = "search_indexentry_title_body_gin"
SEARCHED = [("wagtailsearch", "IndexEntry"), ("wagtailcore", "Page")]


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries, pages = (schema_editor.quote_name(apps.get_model(*model)._meta.db_table) for model in SEARCHED)
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {entries} USING gin ((title || body))")
    schema_editor.execute(f"ANALYZE {entries}, {pages}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(create_index, drop_index)]
