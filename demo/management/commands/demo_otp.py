import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from accounts.twostep.policy import authenticator


class Command(BaseCommand):
    help = (
        "Print the current two-step login code of a user's authenticator (demo and development only: "
        "refuses to run when DEBUG is off)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        # Anyone who can run this reads every user's second factor: never on a production installation.
        if not settings.DEBUG:
            raise CommandError("demo_otp only runs with DEBUG on (a demo or development installation).")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user '{username}'.")
        device = authenticator(user)
        if device is None:
            raise CommandError(f"'{username}' has not set up two-step login.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now = time.time()
        left = device.step - (now - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"(valid for {int(left)} more seconds, for {username})")
