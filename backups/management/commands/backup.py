from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite backup API or pg_dump -Fc) and the evidence files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="the file to write, e.g. backups/elca-2026-11-21.tar.gz"
        )

    def handle(self, archive, **options):
        try:
            manifest = backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {archive}: {len(manifest['tables'])} tables, {rows} rows.")
        )
