from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.security_events import security_event
from backups.archive import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: replaces the database and the evidence files, then verifies them."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, archive, yes, **options):
        if not archive.exists():
            raise CommandError(f"{archive} does not exist")
        if not yes and input(f"Replace ALL data with {archive}? Type 'yes': ").strip() != "yes":
            raise CommandError("Nothing restored.")
        try:
            manifest = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        security_event("database_restored", user="system", archive=str(archive))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive}: {len(manifest['tables'])} tables match "
                "the backup's row counts and checksums."
            )
        )
