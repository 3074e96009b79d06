from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_DIR, DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoDataError, load_demo

REFUSED_WITHOUT_DEBUG = (
    "load_demo only runs with DEBUG on. It creates users whose password and two-step key are published "
    "in the README, so it belongs on a throwaway database, never on a production one. For a demo: "
    "DEBUG=1 DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py migrate, then the same with "
    "load_demo (or simply `make run`). For production: migrate, then createsuperuser."
)


class Command(BaseCommand):
    help = (
        "Load the ELCA demo project (demo/elca/*.yaml) with its users, on a throwaway database (refused "
        "when DEBUG is off); running it again changes nothing."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(REFUSED_WITHOUT_DEBUG)
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
        if result.untouched_users:
            self.stdout.write(
                self.style.WARNING(
                    f"Left alone: {', '.join(result.untouched_users)} already existed and were not created "
                    "by the demo, so their passwords, authenticators and roles were not changed (they are "
                    "not demo users). For the complete demo, load it into a fresh database."
                )
            )
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
