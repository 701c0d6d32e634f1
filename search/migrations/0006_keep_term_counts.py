"""On SQLite: the triggers that keep search_termcount (search.term_counts), and its rows
for the entries already indexed."""

from django.db import migrations


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from search import term_counts

        term_counts.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from search import term_counts

        term_counts.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_term_counts")]

    operations = [migrations.RunPython(install, uninstall)]
