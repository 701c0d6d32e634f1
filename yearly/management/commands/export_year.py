from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaign.models import CampaignYearPage
from yearly.export import ExportRefused, export_year


class Command(BaseCommand):
    help = (
        "Write a static copy of a year's microsite into OUTDIR (a new or empty folder): every page, "
        "the calendar and blog feeds, and the images, documents, CSS and JavaScript they use, with "
        "relative links, so it works opened from disk or served from any folder of any web server. "
        "See README.md, 'The yearly cycle'."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The year to export, e.g. 2017.")
        parser.add_argument("outdir", type=Path, help="A new or empty folder to write it into.")

    def handle(self, *args, year, outdir, **options):
        page = CampaignYearPage.objects.filter(year=year).first()
        if page is None:
            raise CommandError(f"There is no page for {year}.")
        try:
            report = export_year(page, outdir)
        except ExportRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            self.style.SUCCESS(
                f"{page.title} written to {report.outdir}: {report.pages} pages, {report.feeds} feeds, "
                f"{report.assets} images, documents, stylesheets and scripts. Open {report.outdir / 'index.html'}."
            )
        )
        if report.live_links and options["verbosity"] > 1:
            self.stdout.write("Links left pointing at the live site:")
            for link in sorted(report.live_links):
                self.stdout.write(f"  {link}")
