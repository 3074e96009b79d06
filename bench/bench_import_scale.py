"""Imports at scale (issue 12): rows per second of a confirmed 20,000-row import, against a bare
`bulk_create` of the same rows in the same run, and the longest wait of a single-record save made by
another connection while the import runs.

The import is the confirmed step as the worker runs it (imports.runs.import_apply on an uploaded
run: parse, check every row against the web forms' rules, write with history). The baseline is
`Agreement.objects.bulk_create` of the same 20,000 rows (no checks, no history, no partners). The
concurrent editor is a thread with its own database connection that saves one other record through the
web edit's service (record_edit_save) every 50 ms while the import runs; each save's duration is kept.

Runs in a throwaway SQLite file (WAL, as production) in a temporary directory, or in DATABASE_URL when it
is set (an empty, disposable database, e.g. PostgreSQL). A few minutes on two busy cores.

    .venv/bin/python bench/bench_import_scale.py [--rows 20000] [--update] [--no-editor] [--profile]
"""

import argparse
import csv
import io
import logging
import os
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.TemporaryDirectory(prefix="bench-import-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP.name}/bench.sqlite3")
os.environ["DEBUG"] = "1"
os.environ["MEDIA_ROOT"] = f"{TMP.name}/media"
os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from agreements.models import Agreement  # noqa: E402
from consortium.models import Membership, Partner, Project  # noqa: E402
from imports.runs import import_apply, import_upload  # noqa: E402
from workspace.saving import record_edit_save  # noqa: E402

HEADERS = ["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"]


def rows(count: int, prefix: str) -> list[list[str]]:
    return [
        [f"{prefix}{n}", f"SME agreement {n}", "MAV", f"Company {n % 500}", "signed", "04.02.2022"]
        for n in range(1, count + 1)
    ]


def csv_bytes(body) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(body)
    return buffer.getvalue().encode()


def setup():
    call_command("migrate", verbosity=0)
    project = Project.objects.create(
        acronym="BENCH", title="Bench", start_date=date(2020, 9, 1), duration_months=48
    )
    Partner.objects.create(project=project, number=5, short_name="MAV", legal_name="MAV", country="ES")
    amz = Partner.objects.create(project=project, number=1, short_name="AMZ", legal_name="AMZ", country="ES")
    users = get_user_model().objects
    coordinator = users.create_user("coordinator")
    Membership.objects.create(
        user=coordinator, project=project, partner=amz, role=Membership.Role.COORDINATOR
    )
    staff = users.create_user("staff")
    Membership.objects.create(user=staff, project=project, partner=amz, role=Membership.Role.STAFF)
    other = Agreement.objects.create(project=project, name="Edited meanwhile", kind="business")
    other.responsible.set([amz])
    return project, coordinator, staff, other


class Editor(threading.Thread):
    """Saves one record through the web edit's service every 50 ms until stopped; keeps each duration."""

    def __init__(self, record_pk: int):
        super().__init__(daemon=True)
        self.record_pk, self.waits, self.errors = record_pk, [], []
        self.stop = threading.Event()

    def run(self):
        try:
            while not self.stop.is_set():
                record = Agreement.objects.get(pk=self.record_pk)
                record.description = f"edit at {time.time()}"
                started = time.perf_counter()
                try:
                    record_edit_save(
                        record=record,
                        expected_version=record.version,
                        changed_by_reviewer=False,
                        resubmit=False,
                    )
                except Exception as exc:  # noqa: BLE001 - every failure is a finding, counted and shown
                    self.errors.append(repr(exc)[:200])
                self.waits.append(time.perf_counter() - started)
                self.stop.wait(0.05)
        finally:
            connections.close_all()


def timed_import(project, user, count: int, editor_on: Agreement | None, update: bool = False):
    body = rows(count, "I")
    if update:  # the same References with another name: every row updates its record
        body = [[ref, f"{name} (changed)", *rest] for ref, name, *rest in body]
    run = import_upload(
        project=project,
        user=user,
        kind="sme-sme-agreements",
        data=csv_bytes(body),
        filename="bench.csv",
        update=update,
    )
    editor = Editor(editor_on.pk) if editor_on else None
    if editor:
        editor.start()
        time.sleep(0.3)
    started = time.perf_counter()
    report = import_apply(run=run)
    seconds = time.perf_counter() - started
    if editor:
        time.sleep(0.3)
        editor.stop.set()
        editor.join()
    assert report.ok and report.created + report.updated == count, report.lines()[:5]
    return seconds, editor


def timed_bulk_create(project, count: int) -> float:
    objects = [
        Agreement(project=project, kind="sme_sme", external_ref=ref, name=name, status=status)
        for ref, name, _, _, status, _ in rows(count, "B")
    ]
    started = time.perf_counter()
    Agreement.objects.bulk_create(objects, batch_size=500)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--profile", action="store_true", help="cProfile the import (no editor)")
    parser.add_argument("--no-editor", action="store_true", help="no concurrent save (rows/s only)")
    parser.add_argument(
        "--update", action="store_true", help="then import the same rows again, changed (add or update)"
    )
    options = parser.parse_args()
    project, coordinator, _, other = setup()
    vendor = connection.vendor
    if options.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        seconds, _ = timed_import(project, coordinator, options.rows, None)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        print(f"{options.rows} rows in {seconds:.1f} s")
        return
    baseline = timed_bulk_create(project, options.rows)
    seconds, editor = timed_import(project, coordinator, options.rows, None if options.no_editor else other)
    waits = sorted(editor.waits) if editor else []
    print(f"database: {vendor}; rows: {options.rows:,}")
    print(f"bulk_create: {baseline:.2f} s, {options.rows / baseline:,.0f} rows/s")
    print(
        f"import (apply): {seconds:.2f} s, {options.rows / seconds:,.0f} rows/s, "
        f"{1000 * seconds / options.rows:.2f} ms/row"
    )
    print(f"ratio import/bulk_create (rows/s): {baseline / seconds:.3f}")
    print(
        f"concurrent saves during the import: {len(waits)}, failed {len(editor.errors) if editor else 0}, "
        f"longest wait {max(waits) * 1000:,.0f} ms, median {waits[len(waits) // 2] * 1000:,.0f} ms"
        if waits
        else "no concurrent save finished"
    )
    for error in editor.errors[:3] if editor else []:
        print(f"  {error}")
    if options.update:
        seconds, editor = timed_import(
            project, coordinator, options.rows, None if options.no_editor else other, update=True
        )
        waits = sorted(editor.waits) if editor else []
        print(f"update import of the same rows: {seconds:.2f} s, {options.rows / seconds:,.0f} rows/s")
        if waits:
            print(
                f"concurrent saves during the update: {len(waits)}, failed {len(editor.errors)}, "
                f"longest wait {max(waits) * 1000:,.0f} ms, median {waits[len(waits) // 2] * 1000:,.0f} ms"
            )


if __name__ == "__main__":
    main()
