"""`manage.py send_reminders`: make the notifications of what is waiting, and hand their e-mails to the
worker. Safe to run every few minutes from cron or a systemd timer (README "Notifications and reminders"):
what was made before is not made again, a mail is sent once."""

import logging
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications import delivery

log = logging.getLogger(__name__)


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
        if not every:
            self.run_once()
            return
        while True:
            try:
                self.run_once()
            except Exception:  # a locked or restarting database: say so and try at the next round
                log.exception("send_reminders failed; trying again in %s s", every)
            time.sleep(every)

    def run_once(self):
        done = delivery.run()
        self.stdout.write(
            f"{timezone.localtime():%Y-%m-%d %H:%M}: {done['made']} new notifications ({done['situations']} "
            f"situations), {done['mails']} new e-mails, {done['handed']} handed to the worker, "
            f"{done['pruned']} old notifications forgotten."
        )
