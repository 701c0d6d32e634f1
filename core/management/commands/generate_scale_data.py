import time

from django.core.management.base import BaseCommand, CommandError

from campaign.models import CampaignYearPage
from core.demo.scale import ScaleBuilder, ScaleSize


class Command(BaseCommand):
    help = (
        "Add scale data for benchmarks: 10 years of 7 days with 40 events a day (2,800 events), "
        "1,000 blog posts, 300 organisations, 200 people and pictures, the same every time for "
        "one --seed. Refuses if its years already exist. --small builds a set shaped like it "
        "but small enough for tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2017)
        parser.add_argument("--small", action="store_true", help="The small set the tests use.")
        parser.add_argument("--first-year", type=int, default=ScaleSize.first_year)

    def handle(self, *args, seed, small, first_year, **options):
        size = ScaleSize.small() if small else ScaleSize()
        size = ScaleSize(**{**size.__dict__, "first_year": first_year})
        years = range(size.first_year, size.first_year + size.years)
        taken = sorted(CampaignYearPage.objects.filter(year__in=years).values_list("year", flat=True))
        if taken:
            raise CommandError(
                f"Years {', '.join(map(str, taken))} already exist; nothing was added. "
                "Use a fresh database, or --first-year for years that are free."
            )
        started = time.monotonic()
        made = ScaleBuilder(size, seed=seed).build()
        summary = ", ".join(f"{n} {what}" for what, n in made.items())
        self.stdout.write(self.style.SUCCESS(f"Scale data added ({summary}) in {time.monotonic() - started:.0f} s."))
