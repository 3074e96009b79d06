"""`manage.py prune_exports [--days N]`: delete finished exports (and their files) older than N days.

N defaults to settings.EXPORTS_KEEP_DAYS (environment variable of the same name). Exports waiting for a
worker or being prepared are kept whatever their age. Frozen reports are never touched (they are not
exports). Run it daily from cron or a systemd timer (README, Reports).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.models import Export


class Command(BaseCommand):
    help = "Delete finished report exports (ready or failed) asked for more than --days days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep exports younger than this many days (default: EXPORTS_KEEP_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, days, dry_run, **options):
        days = settings.EXPORTS_KEEP_DAYS if days is None else days
        if days < 0:
            raise CommandError(f"--days must be 0 or more, not {days}.")
        old = Export.objects.prunable(days=days)
        if dry_run:
            self.stdout.write(f"{old.count()} exports older than {days} days would be deleted.")
            return
        deleted = old.delete()[1].get(Export._meta.label, 0)
        self.stdout.write(f"Deleted {deleted} exports older than {days} days.")
