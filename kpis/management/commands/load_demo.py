from django.core.management.base import BaseCommand, CommandError

from kpis.demo import DEMO_DIR, DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoDataError, load_demo


class Command(BaseCommand):
    help = "Load the ELCA demo project (demo/elca/*.yaml) with its users; running it again changes nothing."

    def handle(self, *args, **options):
        try:
            result = load_demo(DEMO_DIR)
        except DemoDataError as exc:
            raise CommandError(f"The demo data is inconsistent, nothing was loaded: {exc}") from None
        if not result.changed_anything:
            self.stdout.write("The ELCA demo is already loaded and up to date.")
        for name, count in sorted(result.created.items()):
            self.stdout.write(f"  created {count} {name}")
        for name, count in sorted(result.updated.items()):
            self.stdout.write(f"  updated {count} {name}")
        self.stdout.write(
            self.style.SUCCESS(
                "Demo users: coordinator, taskleader, viewer, amz, mech, bic, pol, mav; "
                f"password for all: {DEMO_PASSWORD}"
            )
        )
        self.stdout.write(
            "Two-step login: coordinator, taskleader and admin share the demo authenticator key "
            f"{DEMO_TOTP_SECRET}; `DEBUG=1 python manage.py demo_otp coordinator` prints the current code."
        )
