"""`manage.py send_reminders`: make the notifications of what is waiting, and hand their e-mails to the
worker. Safe to run every few minutes from cron or a systemd timer (README "Notifications and reminders"):
what was made before is not made again, a mail is sent once."""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import delivery, situations


class Command(BaseCommand):
    help = (
        "Make the notifications of what is waiting for whom and hand their e-mails to the background worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Run again every SECONDS until stopped (make run uses it); without it, run once.",
        )

    def handle(self, *args, every, **options):
        while True:
            self.run_once()
            if not every:
                return
            time.sleep(every)

    def run_once(self):
        now = timezone.now()
        drafts = situations.all_drafts(now, timezone.localdate(now))
        made = delivery.record(drafts, now=now)
        mails = delivery.queue_mails(now)
        handed = delivery.enqueue_due(now)
        self.stdout.write(
            f"{timezone.localtime(now):%Y-%m-%d %H:%M}: {made} new notifications ({len(drafts)} situations), "
            f"{mails} new e-mails, {handed} handed to the worker."
        )
