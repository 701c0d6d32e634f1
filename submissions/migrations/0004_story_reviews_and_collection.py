"""Stories: the staff groups review the stories inbox, and accepted stories' photos go
to a "Stories" collection in the image library, where Moderators may choose them and
edit their descriptions (the alt text, drafted from the captions); Editors already
manage images in every collection."""

from django.db import migrations

from submissions.reviewers import grant_review_permissions, revoke_review_permissions, top_level_collection

STORIES = "Stories"
MODERATOR_IMAGE_ACTIONS = ("choose", "change")


def image_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    return [
        Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_image", defaults={"name": f"Can {action} image"}
        )[0]
        for action in MODERATOR_IMAGE_ACTIONS
    ]


def forwards(apps, schema_editor):
    grant_review_permissions(apps, "storysubmission")
    collection = top_level_collection(apps, STORIES)
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Moderators"):
        for permission in image_permissions(apps):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def backwards(apps, schema_editor):
    # The collection stays: it may hold images by now.
    revoke_review_permissions(apps, "storysubmission")


class Migration(migrations.Migration):

    dependencies = [
        ("submissions", "0003_stories"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
