"""S5 (issue 12): how many exports 300 export requests from one viewer put in the queue.

The issue: a viewer sent 300 export requests in 10 s and everyone else's export waited about 7 minutes
behind them. Here one viewer of the demo project posts 300 requests with the test client against the
database task backend (no worker runs, so every queued export stays queued, the worst case), twice:

- the same report, period and format 300 times (the issue's case): identical pending exports are reused;
- 300 requests cycling through every report, period and format: at most EXPORTS_PENDING_PER_USER are
  queued, the rest are answered 429 with nothing queued.

Prints the exports and tasks queued per case and the responses by status. A throwaway SQLite database in a
temporary directory; about 30 s (migrations and the demo data take most of it).

    .venv/bin/python bench/bench_export_flood.py
"""

import collections
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="bench-s5-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP.name}/bench.sqlite3"
os.environ["DEBUG"] = "1"
os.environ["MFA_REQUIRED"] = "0"
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from consortium.models import Project  # noqa: E402
from reports import formats  # noqa: E402
from reports.models import Export  # noqa: E402

REQUESTS = 300


def flood(client, urls) -> tuple[int, int, dict]:
    Export.objects.all().delete()
    DBTaskResult.objects.all().delete()
    statuses = collections.Counter()
    for n in range(REQUESTS):
        statuses[client.post(urls[n % len(urls)]).status_code] += 1
    return Export.objects.count(), DBTaskResult.objects.count(), dict(sorted(statuses.items()))


def main() -> int:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    project = Project.objects.order_by("pk").first()
    periods = list(project.periods.order_by("number").values_list("number", flat=True))
    viewer = get_user_model().objects.get(username="viewer")
    client = Client()
    client.force_login(viewer)
    one = [reverse("reports:export", args=[project.acronym, "d32", periods[-1], "xlsx"])]
    every = [
        reverse("reports:export", args=[project.acronym, kind, number, fmt])
        for kind in formats.KINDS
        for number in periods
        for fmt in formats.FORMATS[kind]
    ]
    limit = getattr(settings, "EXPORTS_PENDING_PER_USER", None)
    print(f"{REQUESTS} export requests by one viewer, no worker running (EXPORTS_PENDING_PER_USER={limit})")
    for name, urls in (("the same export", one), (f"{len(every)} different exports in turn", every)):
        started = time.perf_counter()
        exports, tasks, statuses = flood(client, urls)
        took = time.perf_counter() - started
        print(f"  {name}: {exports} exports, {tasks} tasks queued; responses {statuses}; {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
