from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backups import BackupError, describe, restore_backup, restore_plan


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: replaces the database and the media and private "
        "media folders. "
        "Says what it would replace and changes nothing unless given --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Really replace the current database and media folders with the backup's.",
        )

    def handle(self, *args, archive, replace=False, **options):
        try:
            manifest, plan = restore_plan(archive)
            self.stdout.write(plan)
            if not replace:
                raise CommandError("Nothing was changed. To go ahead, run the same command again with --replace.")
            restored = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {describe(restored)}, as recorded in the backup."))
