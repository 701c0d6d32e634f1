import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.soak import TRAFFIC_FORMS


class Command(BaseCommand):
    help = "Used by `manage.py soak`: how many records each accepted form post of the soak left (as JSON)."

    def add_arguments(self, parser):
        parser.add_argument(
            "markers",
            type=Path,
            help="A JSON file: {label of a form post in ops.soak.TRAFFIC_FORMS: [markers it had accepted]}.",
        )

    def handle(self, *args, markers, **options):
        forms = {form.label: form for form in TRAFFIC_FORMS}
        accepted = json.loads(markers.read_text())
        if unknown := sorted(set(accepted) - set(forms)):
            raise CommandError(f"No form post called {', '.join(map(repr, unknown))} in the soak.")
        self.stdout.write(json.dumps({label: forms[label].stored(found) for label, found in accepted.items()}))
