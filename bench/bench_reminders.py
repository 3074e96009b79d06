"""P7: what one `send_reminders` run costs as the records grow: 1x, 10x and 100x the ELCA demo in one project.

The demo is loaded, five of its records are returned for changes "an hour ago", and the clock is set ten days
before its last period ends (so the period's open items are counted for every partner). Then, at each size
(the demo's records copied 10 and 100 times inside the project, as bench_dashboard.py does), it measures:
- the SQL queries of reading every situation (notifications.situations.all_drafts): the same at every size;
- the median time of that reading, as a ratio to 1x (aim <= 2x at 100x: every scan is an aggregate or
  looks only at recent changes);
- the first run (notifications made, e-mails queued) over a second run at the same moment, which makes
  nothing (aim: the rerun costs no more than the first).

    .venv/bin/python bench/bench_reminders.py
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
TMP = tempfile.TemporaryDirectory(prefix="bench-reminders-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP.name}/bench.sqlite3")

from bench_dashboard import copy_records  # noqa: E402  (sets Django up)
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreements.models import Agreement  # noqa: E402
from consortium.models import Project, ReviewStatus  # noqa: E402
from demo.loader import load_demo  # noqa: E402
from notifications import delivery, situations  # noqa: E402
from notifications.models import Mail, Notification  # noqa: E402

SIZES = (1, 10, 100)
RUNS = 7


def median_seconds(function) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    load_demo()
    project = Project.objects.get(acronym="ELCA")
    last = project.periods.order_by("number").last()
    now = timezone.make_aware(datetime.combine(last.end_date - timedelta(days=10), datetime.min.time()))
    now += timedelta(hours=9)
    today = timezone.localdate(now)
    cache, size, baseline = {}, 1, None
    print(f"P7 send_reminders on {connection.vendor}, clock {now:%Y-%m-%d %H:%M}")
    for target in SIZES:
        while size < target:
            copy_records(project, cache)
            size += 1
        # The same five records returned at every size (the copies of returned ones await review again).
        agreements = Agreement.objects.filter(project=project)
        five = list(agreements.order_by("pk").values_list("pk", flat=True)[:5])
        agreements.filter(review_status=ReviewStatus.RETURNED).update(review_status=ReviewStatus.SUBMITTED)
        for record in agreements.filter(pk__in=five):
            record.review_status, record.review_comment = ReviewStatus.RETURNED, "Add the signature date."
            record.reviewed_at = now - timedelta(hours=1)
            record.save()
        records = agreements.count()
        situations.all_drafts(now, today)  # warm: content types and the report structure are cached once
        reset_queries()  # the log keeps 9,000 queries: the copies filled it
        with CaptureQueriesContext(connection) as queries:
            drafts = situations.all_drafts(now, today)
        seconds = median_seconds(lambda: situations.all_drafts(now, today))
        baseline = baseline or seconds
        Notification.objects.all().delete()
        Mail.objects.all().delete()
        first = median_seconds(lambda: _first_run(now))
        again = median_seconds(lambda: delivery.run(now))
        print(
            f"{target:>4}x ({records:>6} agreements): {len(queries):>4} queries, {len(drafts)} situations, "
            f"reading {seconds * 1000:8.1f} ms = {seconds / baseline:4.2f}x of 1x; "
            f"first run {first * 1000:8.1f} ms, rerun {again * 1000:8.1f} ms = {again / first:4.2f}x of it"
        )


def _first_run(now):
    """A run from nothing: the notifications of the previous sample are removed first."""
    Notification.objects.all().delete()
    Mail.objects.all().delete()
    delivery.run(now)


if __name__ == "__main__":
    main()
