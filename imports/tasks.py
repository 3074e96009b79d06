"""The confirmed import runs in the background worker (Django's Tasks API, as reports' exports do).

A 20,000-row file takes longer than a web request may (gunicorn stops it at 30 s): the confirm view marks
the run "being imported" and enqueues `apply_import`; the run's page shows the rows checked so far
(`ImportRun.rows_checked`, polled by static/js/import-progress.js) until the run is applied, or shows
the problems found and nothing written.
"""

import contextlib
import logging

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from imports.models import ImportRun
from imports.runs import import_apply, import_preview, parsed_rows

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
    run.rows = rows
    _hand_over(run, ImportRun.Status.CHECKING, check_import)


@task()
def check_import(run_id: int, language: str | None = None) -> int:
    """The preview of one big file (imports.runs.import_preview), telling its progress; its problems
    and notes in `language`, the one of the page that handed it over."""
    # import_preview stores what it found, or a file it cannot read; any other end is the worker's
    return _work(
        run_id,
        ImportRun.Status.CHECKING,
        import_preview,
        gettext_lazy("Checking the file was interrupted; nothing was written. Upload it again."),
        every_error=True,
        language=language,
    )


def import_enqueue(*, run) -> None:
    """Mark the previewed run as being imported and hand it to the worker."""
    _hand_over(run, ImportRun.Status.APPLYING, apply_import)


@task()
def apply_import(run_id: int, language: str | None = None) -> int:
    """Check and write one confirmed run (imports.runs.import_apply), telling its progress; its
    messages in `language`, the one of the page that handed it over."""
    # import_apply marks the run failed for an error; a worker stopped mid-run raises SystemExit here.
    return _work(
        run_id,
        ImportRun.Status.APPLYING,
        import_apply,
        gettext_lazy("The import was interrupted (the worker stopped) and wrote nothing."),
        every_error=False,
        language=language,
    )


def _hand_over(run, status, step_task) -> None:
    """The run's new state, then the job: with the database backend the worker picks it up within
    seconds; the immediate backend (tests, no worker) runs it here."""
    run.status, run.rows_checked, run.applying_since = status, 0, timezone.now()
    run.save(update_fields=["status", "rows", "rows_checked", "applying_since"])
    try:
        step_task.enqueue(run.pk, translation.get_language())
    except Exception:  # noqa: BLE001 - the immediate backend raises the task's own error; the run has it
        log.exception("import #%s failed (%s)", run.pk, status)


def _work(run_id: int, status: str, step, interrupted, *, every_error: bool, language=None) -> int:
    """The step in `language` (None: the worker's default), as the page that handed it over speaks."""
    with translation.override(language) if language else contextlib.nullcontext():
        return _work_in_language(run_id, status, step, interrupted, every_error=every_error)


def _work_in_language(run_id: int, status: str, step, interrupted, *, every_error: bool) -> int:
    """Run one step of a run the worker was handed, telling the rows checked as it goes; a run that
    ends otherwise (a stopped worker, or any error when `every_error`) is marked failed, nothing written."""
    run = ImportRun.objects.select_related("project", "event", "user").get(pk=run_id)
    if run.status != status:
        return run_id  # run twice by the worker, or cancelled meanwhile: nothing to do

    def progress(done: int, total: int) -> None:
        ImportRun.objects.filter(pk=run_id).update(rows_checked=done, rows=total)

    try:
        step(run=run, progress=progress)
    except BaseException as exc:
        if every_error or not isinstance(exc, Exception):
            ImportRun.objects.filter(pk=run_id).update(
                status=ImportRun.Status.FAILED, data=b"", message=str(interrupted)
            )
        raise
    return run_id
