"""Run by test_export_killed.py in other processes, on the database the test shares with them.

    python tests/faults/export_worker.py slow-worker MARKER   # a db_worker whose render stops half-way
    python tests/faults/export_worker.py after EXPORT_ID USER  # what the user sees then; a fresh worker

`slow-worker` makes the timing deterministic without touching the product: its render touches MARKER and
then waits, so the test knows the worker is mid-render when it sends SIGKILL. `after` prints JSON.
"""

import json
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from reports import formats  # noqa: E402
from reports.models import Export  # noqa: E402


def slow_worker(marker: str) -> None:
    def render_until_killed(ctx, fmt, progress=None, language=None):
        Path(marker).write_text(fmt)
        time.sleep(120)
        raise AssertionError("the test should have killed this worker by now")

    formats.render = render_until_killed
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0.1")


def seen(client, export) -> dict:
    page = client.get(reverse("reports:export_detail", args=[export.pk])).content.decode()
    index = client.get(reverse("reports:index", args=[export.project.acronym])).content.decode()
    return {
        "status": client.get(reverse("reports:export_status", args=[export.pk])).json(),
        "download": client.get(reverse("reports:export_download", args=[export.pk])).status_code,
        "page_offers_rerun": "Run the export again" in page,
        "index_says_interrupted": ">Interrupted</a>" in index,
    }


def after(export_id: str, username: str) -> dict:
    killed = Export.objects.select_related("project", "period").get(pk=export_id)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    result = {
        "row": {"status": killed.status, "step": killed.step, "has_content": killed.content is not None},
        "just_killed": seen(client, killed),
    }
    # Time passes: the worker never comes back.
    Export.objects.filter(pk=export_id).update(
        started_at=timezone.now() - timedelta(minutes=settings.EXPORT_STALE_MINUTES + 1)
    )
    result["later"] = seen(client, killed)

    rerun = client.post(
        reverse(
            "reports:export", args=[killed.project.acronym, killed.kind, killed.period.number, killed.format]
        )
    )
    fresh = Export.objects.exclude(pk=export_id).get()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    fresh.refresh_from_db()
    download = client.get(reverse("reports:export_download", args=[fresh.pk]))
    result["rerun"] = {
        "redirects_to_it": rerun.status_code == 302 and str(fresh.pk) in rerun["Location"],
        "status": fresh.status,
        "download": download.status_code,
        "is_xlsx": download.content[:2] == b"PK",
    }
    return result


if __name__ == "__main__":
    if sys.argv[1] == "slow-worker":
        slow_worker(sys.argv[2])
    else:
        print(json.dumps(after(sys.argv[2], sys.argv[3])))
