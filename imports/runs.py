"""The steps of an import as the pages (and `import_records`) take them, each on an ImportRun row.

upload (type and size checked, file kept on the run) -> columns (only when the headers differ from the
template; the mapping is remembered per project and kind) -> preview (dry run, stored on the run) ->
apply (one transaction) or cancel; later, the coordinator may undo an applied run.
"""

import logging
from datetime import timedelta

import tablib
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consortium.dates import format_datetime
from consortium.models import Organisation
from imports.catalogue import kind_of
from imports.files import CellProblem, ImportFileError, read_rows, recognised
from imports.models import ImportMapping, ImportRun
from imports.participants import PARTICIPANTS, participants_import
from imports.resources import resource_for
from imports.service import ImportReport, run_import
from workspace.history import record_delete

logger = logging.getLogger(__name__)


class UndoRefused(Exception):
    """The import cannot be undone; the message says why, naming the records."""


def import_upload(
    *, project, user, kind: str, data: bytes, filename: str, update: bool, event=None, parsed=None
):
    """Check the file (ImportFileError says why it is refused) and keep it on a new run.

    `parsed` is read_rows' answer when the upload form has read the file already.
    """
    # Type, size, encoding, header row, limits: refused before anything is stored.
    parsed = parsed or read_rows(data, filename)
    remembered = ImportMapping.objects.filter(project=project, kind=kind).values_list("mapping", flat=True)
    run = ImportRun.objects.create(
        project=project,
        user=user,
        kind=kind,
        event=event,
        filename=filename[:255],
        update=update,
        data=data,
        mapping=next(iter(remembered), {}),
    )
    run._parsed = parsed
    return run


def parsed_rows(run):
    """read_rows of the run's file, parsed once per step and kept on this instance for the next call
    (the upload, the columns check and the preview of one request read the file once)."""
    if getattr(run, "_parsed", None) is None:
        run._parsed = read_rows(bytes(run.data), run.filename)
    return run._parsed


def file_columns(run) -> list[tuple[str, str]]:
    """(file header, template header it goes to or "") for the columns step, remembered mapping first."""
    headers, _, _ = parsed_rows(run)
    kind = kind_of(run)
    return [
        (header, run.mapping[header] if header in run.mapping else recognised(kind, header))
        for header in headers
        if header
    ]


def needs_columns(run) -> bool:
    """True when a header is neither a template name, a D3.2 synonym nor in the remembered mapping, or
    when a required column has no header: then the user matches the columns before the preview."""
    kind = kind_of(run)
    columns = file_columns(run)
    chosen = {target for _, target in columns if target}
    missing = any(c.required and c.header not in chosen for c in kind.columns)
    return missing or any(not target and header not in run.mapping for header, target in columns)


def import_set_columns(*, run, mapping: dict[str, str]) -> None:
    """Keep the user's mapping on the run and remember it for the project's next file of this kind."""
    run.mapping = mapping
    run.save(update_fields=["mapping"])
    ImportMapping.objects.update_or_create(project=run.project, kind=run.kind, defaults={"mapping": mapping})


def _report(run, *, dry_run: bool, on_written=None, progress=None) -> ImportReport:
    if run.kind == PARTICIPANTS.name:
        if run.event is None:
            raise ImportFileError(_("the event this list was meant for has been deleted"))
        return participants_import(
            run=run, user=run.user, dry_run=dry_run, parsed=parsed_rows(run), on_written=on_written
        )
    return run_import(
        project=run.project,
        kind=run.kind,
        data=bytes(run.data),
        filename=run.filename,
        user=run.user,
        update=run.update,
        dry_run=dry_run,
        mapping=run.mapping,
        reason=run.reason,
        parsed=parsed_rows(run),
        on_written=on_written,
        progress=progress,
    )


def _keep(run, report: ImportReport) -> None:
    run.rows, run.created, run.updated, run.skipped = (
        report.rows,
        report.created,
        report.updated,
        report.skipped,
    )
    run.problems = [[p.row, p.column, str(p.value), p.message] for p in report.problems]
    run.unused_columns, run.notes = report.unused_columns, report.notes


def import_preview(*, run, progress=None) -> ImportReport:
    """The dry run: counts and problems stored on the run; nothing else is written.

    `progress(done, total)` is told how many rows are checked (a big file is checked by the background
    worker, imports.tasks.check_enqueue).
    """
    try:
        report = _report(run, dry_run=True, progress=progress)
    except ImportFileError as exc:
        report = ImportReport(kind=run.kind, filename=run.filename, dry_run=True, update=run.update)
        report.problems = [CellProblem(1, "", "", str(exc))]
    _keep(run, report)
    run.status = ImportRun.Status.PREVIEWED
    run.save()
    return report


def import_apply(*, run, progress=None) -> ImportReport:
    """Check the file again, then write it in one short transaction together with the run's new state.

    Checking takes no lock (others keep saving); the write holds it for the bulk inserts only. If the
    data changed since the preview and the file now has problems, nothing is written and the run shows
    the new preview; if the database fails, the run is marked failed. `progress(done, total)` is told
    how many rows are checked (the background run shows it, imports.tasks).
    """

    def applied(report):  # inside the write's transaction: the rows and the run's state, or neither
        _keep(run, report)
        run.status = ImportRun.Status.APPLIED
        run.applied_at = timezone.now()
        run.created_ids, run.updated_ids = report.created_ids, report.updated_ids
        run.created_organisations, run.before = report.created_organisations, report.before
        run.data = b""
        run.save()

    try:
        report = _report(run, dry_run=False, on_written=applied, progress=progress)
        if not report.ok:
            _keep(run, report)
            run.status = ImportRun.Status.PREVIEWED  # the new preview, with its problems
            run.save()
    except ImportFileError as exc:
        run.refresh_from_db()
        run.problems = [[1, "", "", str(exc)]]
        run.status = ImportRun.Status.PREVIEWED
        run.save(update_fields=["problems", "status"])
        report = ImportReport(kind=run.kind, filename=run.filename, dry_run=True, update=run.update)
        report.problems = [CellProblem(1, "", "", str(exc))]
    except Exception as exc:
        logger.exception("import #%s failed", run.pk)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED,
            data=b"",
            message=_("The import failed and wrote nothing (%(error)s).") % {"error": exc},
        )
        raise
    return report


def import_cancel(*, run, failed: bool = False) -> None:
    """Drop the kept file; the run stays in the list as cancelled (or failed: the command's problems)."""
    run.status, run.data = ImportRun.Status.FAILED if failed else ImportRun.Status.CANCELLED, b""
    run.save(update_fields=["status", "data"])


def purge_stale(*, project, older_than=timedelta(days=1)) -> int:
    """Runs left at upload or preview for a day lose their file (people leave pages half-way)."""
    stale = ImportRun.objects.filter(
        project=project,
        status__in=[ImportRun.Status.UPLOADED, ImportRun.Status.PREVIEWED],
        created_at__lt=timezone.now() - older_than,
    )
    return stale.update(status=ImportRun.Status.CANCELLED, data=b"")


# -- undo ------------------------------------------------------------------------------------------


def _model(run):
    return kind_of(run).model


def _changed_since(model, pks, run) -> list[str]:
    """Rows whose latest history entry is not this import's (changed or deleted since), named with who."""
    if not pks:
        return []
    latest = {}
    rows = model.history.filter(id__in=pks).select_related("history_user")
    for row in rows.order_by("id", "-history_date", "-history_id"):
        latest.setdefault(row.id, row)
    changed = []
    for pk in pks:
        row = latest.get(pk)
        if row is None:
            changed.append(_("%(kind)s %(number)s (gone)") % {"kind": model._meta.verbose_name, "number": pk})
            continue
        reason = row.history_change_reason or ""
        if row.history_type == "-" or not (reason == run.reason or reason.startswith(f"{run.reason}:")):
            who = row.history_user.get_username() if row.history_user else _("someone")
            if row.history_type == "-":
                why = _("“%(record)s” (deleted by %(who)s, %(when)s)")
            else:
                why = _("“%(record)s” (changed by %(who)s, %(when)s)")
            changed.append(
                why % {"record": row.instance, "who": who, "when": format_datetime(row.history_date)}
            )
    return changed


def _used_elsewhere(model, pks) -> list[str]:
    """Rows of `model` that other rows still point to, named with what uses them."""
    used = []
    for obj in model.objects.filter(pk__in=pks):
        for relation in obj._meta.related_objects:
            if relation.related_model.__name__.startswith("Historical"):
                continue
            if relation.one_to_many and relation.on_delete.__name__ == "CASCADE":
                continue  # parts of the row itself (an event's countries)
            others = getattr(obj, relation.get_accessor_name()).exclude(
                pk__in=pks if relation.related_model is model else []
            )
            if others.exists():
                used.append(
                    _("“%(record)s” is used by the %(kind)s “%(other)s”")
                    % {
                        "record": obj,
                        "kind": relation.related_model._meta.verbose_name,
                        "other": others.first(),
                    }
                )
                break
    return used


def _refuse(run, why: list[str], advice: str = ""):
    """UndoRefused naming the first five reasons (and how many more), then `advice` (a whole sentence)."""
    reasons = "; ".join(why[:5])
    if len(why) > 5:
        message = ngettext(
            "Import #%(number)s cannot be undone: %(reasons)s and %(more)s more.",
            "Import #%(number)s cannot be undone: %(reasons)s and %(more)s more.",
            len(why) - 5,
        ) % {"number": run.pk, "reasons": reasons, "more": len(why) - 5}
    else:
        message = _("Import #%(number)s cannot be undone: %(reasons)s.") % {
            "number": run.pk,
            "reasons": reasons,
        }
    raise UndoRefused(f"{message}{advice}")


@transaction.atomic
def import_undo(*, run, user) -> None:
    """Remove what the run added and put back what it changed, all or nothing.

    Refused (UndoRefused) when any of its rows was changed or deleted since by anything but this import
    (a person, another import): undo the later change first. Refused too when a row it added is used by
    a row it did not add (an event of a mission it created, an agreement naming an organisation it
    created). Added rows are deleted the way the workspace deletes (history kept, restorable).
    """
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ImportRun.Status.APPLIED:
        raise UndoRefused(
            _("Import #%(number)s is %(status)s; it cannot be undone.")
            % {"number": run.pk, "status": run.get_status_display().lower()}
        )
    model = kind_of(run).model
    changed = _changed_since(model, run.created_ids + run.updated_ids, run)
    changed += _changed_since(Organisation, run.created_organisations, run)
    if changed:
        why = [_("changed since the import: %(record)s") % {"record": c} for c in changed]
        _refuse(run, why, " " + _("Undo the later change first."))
    reason = f"undo of {run.reason}"[:100]
    if run.kind == PARTICIPANTS.name:
        _restore_event(run, user, reason)
    else:
        used = _used_elsewhere(model, run.created_ids)
        if used:
            _refuse(run, used)
        for record in model.objects.filter(pk__in=run.created_ids):
            record_delete(record=record)
        _restore_rows(run, user, reason)
    # Organisations the run added, once the run's own rows no longer point to them.
    used = _used_elsewhere(Organisation, run.created_organisations)
    if used:
        _refuse(run, used)
    for organisation in Organisation.objects.filter(pk__in=run.created_organisations):
        organisation._change_reason = reason
        organisation.delete()
    run.status, run.undone_at, run.undone_by = ImportRun.Status.UNDONE, timezone.now(), user
    run.save(update_fields=["status", "undone_at", "undone_by"])


def _restore_rows(run, user, reason):
    """Import the updated rows back as they were before the run (the engine writes their history)."""
    rows = run.before.get("rows") or {}
    if not rows:
        return
    dataset = tablib.Dataset(headers=run.before["headers"])
    for row in rows.values():
        dataset.append(row)
    resource = resource_for(kind_of(run), run.project, user, update=True, source=run.filename, reason=reason)
    result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
    if result.has_errors() or result.has_validation_errors():
        raise UndoRefused(
            _("Import #%(number)s cannot be undone: its earlier values no longer fit the records.")
            % {"number": run.pk}
        )
    resource.write()  # inside import_undo's transaction


def _restore_event(run, user, reason):
    from events.models import Event

    event = Event.objects.select_for_update().get(pk=run.updated_ids[0])
    for name, value in run.before["counts"].items():
        setattr(event, name, value)
    event.version += 1
    event._change_reason, event._history_user = reason, user
    event.save()
    event.organisations.set(run.before["organisations"])
