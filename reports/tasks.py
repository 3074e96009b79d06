"""Background work (Django's Tasks API through the django-tasks backport; database backend by default).

A PDF of a big report takes seconds (WeasyPrint, about 4 ms a row), so downloads never render inside the
request: the view stores an Export row and enqueues `run_export`; the page polls its status.
"""

import hashlib
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from reports import codec, formats
from reports.models import Export, FrozenFile, FrozenReport
from reports.retry import retry_locked

log = logging.getLogger(__name__)


def _step(export: Export, step: str, status=Export.Status.RUNNING) -> None:
    export.step, export.status = step, status
    fields = ["step", "status"]
    if export.started_at is None:
        export.started_at = timezone.now()
        fields.append("started_at")
    retry_locked(lambda: export.save(update_fields=fields), what="export progress")


def _advance(export: Export, what: str) -> None:
    """One rendering step done (a table, the layout, the file): the page's progress bar moves."""
    export.steps_done, export.step_detail = min(export.steps_done + 1, export.steps_total), what[:200]
    retry_locked(lambda: export.save(update_fields=["steps_done", "step_detail"]), what="export progress")


@task()
def run_export(export_id: str) -> str:
    """Build and render one export; the file goes into the Export row, a failure into its `error`."""
    # Every read and write of the Export row retries while the database is locked (reports.retry): a big
    # import holding SQLite's write lock delays an export, it does not fail it.
    export = retry_locked(lambda: Export.objects.select_related("project", "period").get(pk=export_id))
    try:
        _step(export, "building")
        ctx = formats.build(
            export.kind,
            export.project,
            export.period,
            report_date=export.report_date,
            language=export.language,
        )
        # Stored before rendering: an identical request from now on reuses this export (models.reusable).
        export.data_as_of = ctx["meta"]["data_as_of"]
        # Progress: collecting the numbers was step 1; rendering reports each further step.
        export.steps_total = 1 + formats.render_steps(ctx, export.format)
        export.steps_done, export.step_detail = 1, ""
        retry_locked(
            lambda: export.save(update_fields=["data_as_of", "steps_total", "steps_done", "step_detail"]),
            what="export data-as-of",
        )
        _step(export, "rendering")
        content = formats.render(
            ctx, export.format, progress=lambda what: _advance(export, what), language=export.language
        )
    except BaseException as exc:
        # BaseException too: a worker stopped by a second SIGTERM/SIGINT raises SystemExit inside the task.
        # (kill -9 runs no code at all: Export.interrupted covers that case.)
        log.exception("export %s failed", export_id)
        error = str(exc)[:500] if isinstance(exc, Exception) else str(Export.INTERRUPTED)
        export.status, export.error, export.finished_at = Export.Status.FAILED, error, timezone.now()
        retry_locked(
            lambda: export.save(update_fields=["status", "error", "finished_at"]), what="export failure"
        )
        raise
    export.content, export.status, export.step = content, Export.Status.DONE, ""
    export.steps_done = export.steps_total
    export.finished_at = timezone.now()
    export.filename = formats.filename(
        export.project.acronym, export.kind, export.period.number, export.format
    )
    retry_locked(
        lambda: export.save(
            update_fields=["content", "status", "step", "steps_done", "finished_at", "filename"]
        ),
        what="export file",
    )
    return export_id


@task()
def render_frozen(frozen_id: int) -> int:
    """Render every format of a frozen report from its stored data (never from today's records).

    A file once stored is never replaced: running this again only adds formats that are missing.
    """
    frozen = FrozenReport.objects.get(pk=frozen_id)
    ctx = codec.loads(frozen.context)
    have = set(frozen.files.values_list("format", flat=True))
    for fmt in formats.FORMATS[frozen.kind]:
        if fmt in have:
            continue
        content = formats.render(ctx, fmt)

        def store(fmt=fmt, content=content):
            with transaction.atomic():
                FrozenFile.objects.get_or_create(
                    report=frozen,
                    format=fmt,
                    defaults={"content": content, "sha256": hashlib.sha256(content).hexdigest()},
                )

        retry_locked(store, what="frozen file")
    return frozen_id
