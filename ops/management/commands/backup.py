from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, create_backup, describe, not_backed_up


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL with pg_dump -Fc, SQLite with its online backup API) "
        "and the media and private media folders into one dated archive. The site can keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Folder for the archive (default: BACKUP_DIR, ./backups).",
        )

    def handle(self, *args, output_dir=None, **options):
        try:
            archive, manifest = create_backup(output_dir or Path(settings.BACKUP_DIR))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up {describe(manifest['inventory'])} from the {manifest['engine']} database.")
        for warning in not_backed_up(manifest):
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))
