"""The export worker survives a locked database (issue 12, imports at scale): its task retries its writes,
and `manage.py run_worker` waits and goes on where django-tasks-db's `db_worker` exits."""

import sqlite3
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from reports import retry
from reports.models import Export
from reports.tasks import run_export
from tests.faults.conftest import run_python

LOCKED = "database is locked"
BATCH = ("--batch", "--no-startup-delay", "--no-reload")


@pytest.fixture
def no_waiting(monkeypatch):
    """The backoff's sleeps are skipped (their lengths are not what is tested here)."""
    monkeypatch.setattr(retry.time, "sleep", lambda seconds: None)
    monkeypatch.setattr("reports.management.commands.run_worker.time.sleep", lambda seconds: None)


def locked_for(times: int, then):
    """A callable that raises "database is locked" `times` times, then calls `then`."""
    left = {"n": times}

    def call(*args, **kwargs):
        if left["n"] > 0:
            left["n"] -= 1
            raise OperationalError(LOCKED)
        return then(*args, **kwargs)

    return call


def export_queued(client, user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client.force_login(user)
    client.post(reverse("reports:export", args=["ELCA", "d32", 2, "xlsx"]))
    return Export.objects.get()


@pytest.mark.usefixtures("periods", "wp3", "no_waiting")
def test_the_export_task_retries_its_writes_while_the_database_is_locked(
    project, periods, viewer, monkeypatch
):
    export = Export.objects.create(
        project=project, period=periods[1], kind="d32", format="xlsx", requested_by=viewer
    )
    monkeypatch.setattr(Export, "save", locked_for(3, Export.save))

    run_export.call(str(export.pk))

    export.refresh_from_db()
    assert (export.status, export.error, export.filename) == ("done", "", "ELCA-D3.2-P2.xlsx")


@pytest.mark.usefixtures("no_waiting")
def test_retry_gives_up_on_other_errors_at_once_and_on_a_lock_that_never_ends():
    calls = []

    def broken():
        calls.append(1)
        raise OperationalError("no such table: x")

    with pytest.raises(OperationalError, match="no such table"):
        retry.retry_locked(broken)
    with pytest.raises(OperationalError, match=LOCKED):
        retry.retry_locked(locked_for(99, lambda: None), attempts=4)
    assert len(calls) == 1 and [retry.backoff(n) for n in range(1, 7)] == [0.5, 1, 2, 4, 8, 8]


@contextmanager
def refused_transactions(times: int):
    """SQLite refusing the worker's BEGIN EXCLUSIVE `times` times (another writer held the lock > timeout)."""
    real = db_worker.exclusive_transaction
    left = {"n": times}

    @contextmanager
    def exclusive(using=None):
        if left["n"] > 0:
            left["n"] -= 1
            raise OperationalError(LOCKED)
        with real(using):
            yield

    db_worker.exclusive_transaction = exclusive
    try:
        yield
    finally:
        db_worker.exclusive_transaction = real


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("periods", "wp3", "no_waiting")
def test_run_worker_goes_on_when_sqlite_refuses_its_transaction(client, settings, viewer):
    export = export_queued(client, viewer, settings)

    with refused_transactions(3), pytest.raises(OperationalError, match=LOCKED):
        call_command("db_worker", *BATCH, verbosity=0)  # the library's worker exits: what this fixes
    with refused_transactions(3):
        call_command("run_worker", *BATCH, verbosity=0)

    export.refresh_from_db()
    assert export.status == "done" and DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("periods", "wp3", "no_waiting")
def test_run_worker_records_the_outcome_once_the_lock_is_gone(client, settings, viewer, monkeypatch):
    export = export_queued(client, viewer, settings)
    real_failed = DBTaskResult.set_failed
    # The library's own three retries of each are used up: the outcome cannot be written for a while.
    monkeypatch.setattr(DBTaskResult, "set_successful", locked_for(99, None))
    monkeypatch.setattr(DBTaskResult, "set_failed", locked_for(5, real_failed))

    call_command("run_worker", *BATCH, verbosity=0)

    export.refresh_from_db()
    task = DBTaskResult.objects.get()
    assert export.status == "done"  # the user's file is ready
    assert task.status == "FAILED" and task.exception_class_path == "django.db.utils.OperationalError"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("periods", "wp3")
def test_a_worker_process_waits_for_a_real_lock_and_runs_the_export_after_it(
    client,
    settings,
    viewer,
    share_database,
    monkeypatch,
):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single-writer lock; PostgreSQL locks rows, not the database")
    export = export_queued(client, viewer, settings)
    url = share_database()
    path = url.removeprefix("sqlite:///")
    monkeypatch.setenv("SQLITE_TIMEOUT", "1")  # the worker's BEGIN gives up after 1 s instead of 20
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer (a long import) holds the lock
    worker = run_python(
        ["manage.py", "run_worker", *BATCH, "--interval", "0.1"],
        url,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True)
    reader.start()
    try:
        # The lock is held until the worker has met it (seconds on a quiet machine, more when the machine is
        # busy and the worker is slow to start), and then a few 1 s timeouts and backoffs longer.
        deadline = time.monotonic() + 90
        while not any("Database is locked" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)
        alive_while_locked = worker.poll() is None
        holder.execute("COMMIT")
        worker.wait(timeout=120)
        reader.join(timeout=10)
        out = "".join(lines)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        reader.join(timeout=10)
        worker.stdout.close()
        holder.close()

    status = (
        sqlite3.connect(path)
        .execute("SELECT status FROM reports_export WHERE id = ?", [export.pk.hex])
        .fetchone()
    )
    assert alive_while_locked and worker.returncode == 0, out
    assert "Database is locked" in out and status == ("done",)
