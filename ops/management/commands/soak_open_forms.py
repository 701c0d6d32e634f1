import datetime
import json
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand
from django.utils import timezone

from campaign.models import CampaignYearPage
from submissions.models import AddEventFormPage, ShareStoryFormPage
from yearly.new_year import start_next_year


class Command(BaseCommand):
    help = (
        "Used by `manage.py soak`: make sure the soak's database has an 'Add your event' and a "
        "'Share your story' form open (if not, next year is started from the newest year that has "
        "both, and published), and print their paths as JSON."
    )

    def handle(self, *args, **options):
        forms = {"event": self.open_form(AddEventFormPage), "story": self.open_form(ShareStoryFormPage)}
        if None in forms.values():
            year = self.publish_next_year()
            forms = {
                "event": AddEventFormPage.objects.live().descendant_of(year).first(),
                "story": ShareStoryFormPage.objects.live().descendant_of(year).first(),
            }
        self.stdout.write(json.dumps({kind: urlsplit(page.get_url()).path for kind, page in forms.items()}))

    @staticmethod
    def open_form(model):
        return next((page for page in model.objects.live().specific() if page.is_open), None)

    @staticmethod
    def publish_next_year() -> CampaignYearPage:
        source = next(
            year
            for year in CampaignYearPage.objects.order_by("-year")
            if AddEventFormPage.objects.descendant_of(year).exists()
            and ShareStoryFormPage.objects.descendant_of(year).exists()
        )
        year = timezone.localdate().year + 1
        while CampaignYearPage.objects.filter(year=year).exists():
            year += 1
        # The same weekday as the source's first day, in the middle of November.
        start = datetime.date(year, 11, 15)
        start += datetime.timedelta(days=(source.start_date.weekday() - start.weekday()) % 7)
        new_year = start_next_year(source, year=year, start_date=start).page
        for page in new_year.get_descendants(inclusive=True).specific():
            page.save_revision().publish()
        return new_year
