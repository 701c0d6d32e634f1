import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.soak import TRAFFIC_FORMS


class Command(BaseCommand):
    help = "Used by `manage.py soak`: how many records each form post of the soak left (as JSON)."

    def add_arguments(self, parser):
        parser.add_argument("label", help="The form post's label in ops.soak.TRAFFIC_FORMS.")
        parser.add_argument("markers", type=Path, help="A JSON file listing the markers that were accepted.")

    def handle(self, *args, label, markers, **options):
        forms = {form.label: form for form in TRAFFIC_FORMS}
        if label not in forms:
            raise CommandError(f"No form post called {label!r} in the soak.")
        self.stdout.write(json.dumps(forms[label].stored(json.loads(markers.read_text()))))
