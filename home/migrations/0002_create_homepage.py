"""Make a HomePage the root of the default site on every fresh database.

Wagtail's own migrations leave a placeholder "Welcome to your new Wagtail site!" page
at the top of the tree; this replaces it, as Wagtail's project template does.
"""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    # Deleting the placeholder also deletes the default Site that points at it.
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    homepage_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="Co-production Week Scotland",
        draft_title="Co-production Week Scotland",
        slug="home",
        content_type=homepage_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Co-production Week Scotland",
        root_page=homepage,
        is_default_site=True,
    )


def remove_homepage(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
