from django.core.management.base import BaseCommand

from core.demo.builder import DemoBuilder


class Command(BaseCommand):
    help = (
        "Load the demo content: Co-production Week Scotland 2017 as it happened and the 2018 "
        "announcement, from the two source documents. Safe to run again: it changes nothing "
        "that is already there."
    )

    def handle(self, *args, **options):
        created = DemoBuilder().build()
        summary = ", ".join(f"{n} {what}" for what, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content ready (created {summary})."))
