"""Wagtail's Moderators and Editors groups (the SCDC staff) review the events inbox."""

from django.db import migrations

from submissions.reviewers import grant_review_permissions, revoke_review_permissions


def grant(apps, schema_editor):
    grant_review_permissions(apps, "eventsubmission")


def revoke(apps, schema_editor):
    revoke_review_permissions(apps, "eventsubmission")


class Migration(migrations.Migration):

    dependencies = [
        ("submissions", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
