import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from campaign.models import CampaignYearPage
from yearly.new_year import NewYearRefused, start_next_year


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"“{value}” is not a date: write it as YYYY-MM-DD, for example 2018-11-19.") from exc


class Command(BaseCommand):
    help = (
        "Start next year from an earlier year's shape, as a draft: the guide, team, social accounts, "
        "calendar, form pages, an empty blog and the programme days moved to the new dates (same weekdays), "
        "without the old year's events, posts, submissions, resources or recaps. The same as "
        "'Start next year from this one' on a year page in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", type=int, required=True, help="The year to copy, e.g. 2017.")
        parser.add_argument("--year", type=int, required=True, help="The new year, e.g. 2018.")
        parser.add_argument(
            "--start", type=iso_date, required=True, help="The first day of the new week, e.g. 2018-11-19."
        )
        parser.add_argument("--user", help="Username recorded as the new pages' owner and in their history.")

    def handle(self, *args, source, year, start, user=None, **options):
        source_page = CampaignYearPage.objects.filter(year=source).first()
        if source_page is None:
            known = ", ".join(str(y) for y in CampaignYearPage.objects.order_by("year").values_list("year", flat=True))
            raise CommandError(f"There is no page for {source} to start from (years: {known or 'none'}).")
        owner = None
        if user:
            owner = get_user_model().objects.filter(username=user).first()
            if owner is None:
                raise CommandError(f"There is no user called “{user}”.")
        try:
            made = start_next_year(source_page, year=year, start_date=start, user=owner)
        except NewYearRefused as refusal:
            raise CommandError(" ".join(refusal.errors.values())) from refusal
        self.stdout.write(self.style.SUCCESS(made.summary()))
        for note in made.warnings():
            self.stdout.write(self.style.WARNING(note))
