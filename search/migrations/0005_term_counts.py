"""The table of how often each page's entry uses each of its words (search.models.
TermCount), the entries not counted yet and the reference length, filled and kept on
SQLite by migration 0006. PostgreSQL keeps its postings instead (0003, 0004): there the
tables stay empty.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0004_keep_postings"),
        ("wagtailsearch", "0010_add_text_fields"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceLength",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("average", models.FloatField()),
            ],
        ),
        migrations.CreateModel(
            name="UncountedEntry",
            fields=[
                ("entry_id", models.IntegerField(primary_key=True, serialize=False)),
            ],
        ),
        migrations.CreateModel(
            name="TermCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("path", models.CharField(max_length=255)),
                ("live", models.BooleanField()),
                ("lexeme", models.TextField()),
                ("title_count", models.PositiveIntegerField()),
                ("body_count", models.PositiveIntegerField()),
                ("length", models.PositiveIntegerField()),
                ("title_norm", models.FloatField()),
                ("frequency", models.FloatField()),
                ("numerator", models.FloatField()),
                ("length_term", models.FloatField()),
                ("reference_score", models.FloatField()),
                (
                    "content_type",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                (
                    "entry",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="wagtailsearch.indexentry",
                    ),
                ),
                (
                    "page",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
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
                    )
                ],
            },
        ),
    ]
