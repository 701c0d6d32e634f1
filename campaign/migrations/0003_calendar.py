"""The calendar page, and each event's lasting identity in people's calendars.

Existing events each get their own UID: the field is added without the unique
constraint, filled one row at a time, then made unique (Django's recipe for adding a
unique field to a table that has rows).
"""

import uuid

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def give_each_event_a_uid(apps, schema_editor):
    EventPage = apps.get_model("campaign", "EventPage")
    for pk in EventPage.objects.values_list("pk", flat=True):
        EventPage.objects.filter(pk=pk).update(calendar_uid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("campaign", "0002_social_image"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="calendar_sequence",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="calendar_uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_event_a_uid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="eventpage",
            name="calendar_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="CalendarPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("intro", wagtail.fields.RichTextField(blank=True)),
                (
                    "social_image",
                    models.ForeignKey(
                        blank=True,
                        help_text="Shown when the page is shared on social media. Leave empty to use the page's own image, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                    ),
                ),
            ],
            options={"verbose_name": "calendar"},
            bases=("wagtailcore.page",),
        ),
    ]
