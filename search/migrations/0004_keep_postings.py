"""On PostgreSQL: the functions, triggers and foreign keys that keep search_posting
(search.postings), and its rows for the entries already indexed. Apart from 0003, whose
table's indexes PostgreSQL builds at the end of its transaction, which it refuses with
rows written under deferred foreign keys.
"""

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from modelsearch.backends.database.postgres.weights import get_sql_weights

    from search import postings

    postings.install(schema_editor.connection, get_sql_weights())


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search import postings

        postings.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postings")]

    operations = [migrations.RunPython(install, uninstall)]
