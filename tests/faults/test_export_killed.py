"""`kill -9` of the export worker in the middle of a render (README "Reports": downloads run in the
background, `manage.py db_worker`): no half-made file is offered, the export is not shown as ready, after
EXPORT_STALE_MINUTES it is shown as interrupted with a button to run it again, and a fresh worker runs
the new export. SQLite (a file shared with the worker) and PostgreSQL (the test database)."""

import json
import os
import signal
import subprocess
import time

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import Export
from tests.factories import PeriodFactory
from tests.faults.conftest import run_python

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(path, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while not path.exists():
        if worker.poll() is not None:
            pytest.fail(f"the worker stopped before rendering:\n{worker.stderr.read()}")
        if time.monotonic() > deadline:
            pytest.fail("the worker did not start rendering within a minute")
        time.sleep(0.05)


def test_worker_killed_mid_render_leaves_no_file_and_a_fresh_worker_runs_it_again(
    project, mav_staff, share_database, tmp_path
):
    PeriodFactory(project=project, number=1)
    client = Client()
    client.force_login(mav_staff)
    client.post(reverse("reports:export", args=["ELCA", "d32", 1, "xlsx"]))
    export = Export.objects.get()
    database_url = share_database()
    marker = tmp_path / "rendering"

    worker = run_python(
        ["tests/faults/export_worker.py", "slow-worker", str(marker)],
        database_url,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(marker, worker)
        os.kill(worker.pid, signal.SIGKILL)
        assert worker.wait(timeout=30) == -signal.SIGKILL
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stderr.close()

    after = run_python(
        ["tests/faults/export_worker.py", "after", str(export.pk), "mav"],
        database_url,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out, log = after.communicate(timeout=120)
    assert after.returncode == 0, log
    seen = json.loads(out)
    # Killed after step 1 of 1 + 12 tables + the file (the fake render reports none of its own).
    progress = {k: seen["just_killed"]["status"].pop(k) for k in ("done", "total", "text")}
    later = {k: seen["later"]["status"].pop(k) for k in ("done", "total", "text")}

    assert progress == {"done": 1, "total": 14, "text": "1 of 14 steps done"}
    assert later == {"done": 1, "total": 14, "text": "Interrupted"}
    assert seen["row"] == {"status": "running", "step": "rendering", "has_content": False}
    assert seen["just_killed"] == {
        "status": {
            "status": "running",
            "label": "Being prepared",
            "percent": 7,
            "error": "",
            "download": "",
        },
        "download": 404,
        "page_offers_rerun": False,
        "index_says_interrupted": False,
    }
    assert seen["later"] == {
        "status": {
            "status": "failed",
            "label": "Interrupted",
            "percent": 100,
            "error": Export.INTERRUPTED,
            "download": "",
        },
        "download": 404,
        "page_offers_rerun": True,
        "index_says_interrupted": True,
    }
    assert seen["rerun"] == {"redirects_to_it": True, "status": "done", "download": 200, "is_xlsx": True}


def test_worker_stopped_by_a_second_sigterm_marks_the_export_failed_at_once(project, mav_staff, monkeypatch):
    """Ctrl+C twice (or SIGTERM twice) makes db_worker raise SystemExit inside the task: said at once."""
    from reports import formats, tasks

    def stopped(ctx, fmt, progress=None, language=None):
        raise SystemExit(1)

    monkeypatch.setattr(formats, "render", stopped)
    export = Export.objects.create(
        project=project,
        period=PeriodFactory(project=project, number=1),
        kind="d32",
        format="pdf",
        requested_by=mav_staff,
    )

    with pytest.raises(SystemExit):
        tasks.run_export.call(str(export.pk))

    export.refresh_from_db()
    assert (export.status, export.error, export.content) == ("failed", Export.INTERRUPTED, None)
