"""Moderators may add pages under every programme day, so accepting a submitted event
(which makes a draft event page under its day) works for them as for editors. Days
created from now on get this from editorial.roles.SECTION_PERMISSIONS."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")

    moderators = Group.objects.filter(name="Moderators").first()
    day_type = ContentType.objects.filter(app_label="campaign", model="programmedaypage").first()
    if moderators is None or day_type is None:
        return
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    add_page, _ = Permission.objects.get_or_create(
        content_type=page_type, codename="add_page", defaults={"name": "Can add page"}
    )
    for day in Page.objects.filter(content_type=day_type):
        GroupPagePermission.objects.get_or_create(group=moderators, page=day, permission=add_page)


def revoke(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupPagePermission.objects.filter(
        group__name="Moderators",
        page__content_type__app_label="campaign",
        page__content_type__model="programmedaypage",
        permission__codename="add_page",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_editorial_roles"), ("campaign", "0003_calendar")]

    operations = [migrations.RunPython(grant, revoke)]
