"""The confirmed import runs in the background worker (Django's Tasks API, as reports' exports do).

A 20,000-row file takes longer than a web request may (gunicorn stops it at 30 s): the confirm view marks
the run "being imported" and enqueues `apply_import`; the run's page shows the rows checked so far
(`ImportRun.rows_checked`, polled by static/js/import-progress.js) until the run is applied, or shows
the problems found and nothing written.
"""

import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from kpis.imports.models import ImportRun
from kpis.imports.runs import import_apply, import_preview, parsed_rows

log = logging.getLogger(__name__)


def check_enqueue(*, run) -> None:
    """The preview of a file: checked in the request when it is small, else by the worker.

    Checking takes about 1-3 ms a row (more for rows that update records): a file of more than
    settings.IMPORT_CHECK_IN_REQUEST_ROWS rows is handed to the worker, as a confirmed import is, so
    a 20,000-row file is not cut off by the web server's request limit; its page shows the rows checked.
    """
    rows = len(parsed_rows(run)[1])
    if rows <= settings.IMPORT_CHECK_IN_REQUEST_ROWS:
        import_preview(run=run)
        return
    run.status, run.rows, run.rows_checked = ImportRun.Status.CHECKING, rows, 0
    run.applying_since = timezone.now()
    run.save(update_fields=["status", "rows", "rows_checked", "applying_since"])
    try:
        check_import.enqueue(run.pk)
    except Exception:  # noqa: BLE001 - the immediate backend raises the task's own error; logged here
        log.exception("checking import #%s failed", run.pk)


@task()
def check_import(run_id: int) -> int:
    """The preview of one big file (kpis.imports.runs.import_preview), telling its progress."""
    run = ImportRun.objects.select_related("project", "event", "user").get(pk=run_id)
    if run.status != ImportRun.Status.CHECKING:
        return run_id  # run twice by the worker, or cancelled meanwhile: nothing to do

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(rows_checked=done, rows=total)

    try:
        import_preview(run=run, progress=progress)
    except BaseException:
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            data=b"",
            message="Checking the file was interrupted; nothing was written. Upload it again.",
        )
        raise
    return run_id


def import_enqueue(*, run) -> None:
    """Mark the previewed run as being imported and hand it to the worker.

    With the database backend the job row is stored beside the run's new state (the worker picks it up
    within seconds); the immediate backend (tests, no worker) runs it here.
    """
    run.status, run.rows_checked, run.applying_since = ImportRun.Status.APPLYING, 0, timezone.now()
    run.save(update_fields=["status", "rows_checked", "applying_since"])
    try:
        apply_import.enqueue(run.pk)
    except Exception:  # noqa: BLE001 - the immediate backend raises the task's own error; the run has it
        log.exception("import #%s failed", run.pk)


@task()
def apply_import(run_id: int) -> int:
    """Check and write one confirmed run (kpis.imports.runs.import_apply), telling its progress."""
    run = ImportRun.objects.select_related("project", "event", "user").get(pk=run_id)
    if run.status != ImportRun.Status.APPLYING:
        return run_id  # run twice by the worker, or cancelled meanwhile: nothing to do

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(rows_checked=done, rows=total)

    try:
        import_apply(run=run, progress=progress)
    except BaseException as exc:
        # import_apply marks the run failed for an error; a worker stopped mid-run raises SystemExit here.
        if not isinstance(exc, Exception):
            ImportRun.objects.filter(pk=run_id).update(
                status=ImportRun.Status.FAILED,
                data=b"",
                message="The import was interrupted (the worker stopped) and wrote nothing.",
            )
        raise
    return run_id
