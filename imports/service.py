"""Run an import: preview (dry run) or write, all or nothing, with every problem named by row and column."""

import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from imports.files import CellProblem, read_table
from imports.kinds import KINDS
from imports.resources import resource_for
from imports.writing import StaleRows

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    kind: str
    filename: str
    dry_run: bool
    update: bool
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rows: int = 0
    problems: list[CellProblem] = field(default_factory=list)
    unused_columns: list[str] = field(default_factory=list)
    # Filled when the import was written: what undoing it needs (imports.runs.import_undo).
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)
    created_organisations: list[int] = field(default_factory=list)
    before: dict = field(default_factory=dict)  # {"headers": [...], "rows": {pk: [...]}} of updated rows
    notes: list[str] = field(default_factory=list)  # extra lines of the preview (participant lists)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def lines(self) -> list[str]:
        """The preview as text, the same on the page and in the command's output."""
        verb = "would be" if self.dry_run or not self.ok else "were"
        label = KINDS[self.kind].label if self.kind in KINDS else self.kind
        out = [
            f"{self.filename}: {self.rows} rows of {label}",
            f"  {self.created} {verb} created, {self.updated} {verb} updated, {self.skipped} skipped"
            + (
                ""
                if self.update
                else " (existing References are left as they are; use update to change them)"
            ),
        ]
        out += [f"  {note}" for note in self.notes]
        if self.unused_columns:
            out.append(f"  columns not imported: {', '.join(self.unused_columns)}")
        for problem in self.problems:
            where = (
                f"row {problem.row}, column '{problem.column}'" if problem.column else f"row {problem.row}"
            )
            shown = (
                f" ('{problem.value[:60]}')" if problem.value and problem.value not in problem.message else ""
            )
            out.append(f"  {where}{shown}: {problem.message}")
        if self.problems:
            out.append(
                f"  {len(self.problems)} problem(s): nothing was written. Fix the file and import it again."
            )
        elif not self.dry_run:
            out.append("  Imported.")
        return out


def run_import(
    *,
    project,
    kind: str,
    data: bytes,
    filename: str,
    user,
    update: bool = False,
    dry_run: bool = True,
    mapping: dict[str, str] | None = None,
    reason: str = "",
    parsed=None,
    on_written=None,
    progress=None,
) -> ImportReport:
    """Preview or write one file of one record kind into `project` as `user`; raises ImportFileError.

    `reason` is the history entry of every row written (default "import of <filename>"); `parsed` is
    read_rows' answer when the caller has read the file already; `on_written(report)` runs inside the
    write's transaction (the run's new state is saved with the rows); `progress(done, total)` is told
    the rows checked as the check goes.
    """
    spec = KINDS[kind]
    dataset, problems, unused = read_table(data, filename, spec, mapping, parsed=parsed)
    report = ImportReport(
        kind=kind,
        filename=filename,
        dry_run=dry_run,
        update=update,
        rows=len(dataset),
        problems=list(problems),
        unused_columns=unused,
    )
    resource = resource_for(spec, project, user, update=update, source=filename, reason=reason)
    resource.progress = progress
    columns = {c.attribute: c for c in spec.columns}
    # Checking every row writes nothing and opens no transaction, so it takes no lock (RecordResource
    # keeps the rows instead of saving them); only a clean file is written, by resource.write(), in one
    # short transaction. (import-export's own dry run would write inside a transaction and roll back.)
    result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute)
            value = str(dataset.dict[invalid.number - 1].get(column.header) or "") if column else ""
            for message in messages:
                # The column as the page names it: its label in the active language.
                label = column.label if column else ""
                report.problems.append(CellProblem(invalid.number + 1, label, value, message))
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("import of %s row %s failed: %s", filename, number + 1, error.error)
            message = _("could not be saved (%(error)s)") % {"error": error.error}
            report.problems.append(CellProblem(number + 1, "", "", message))
    report.problems.sort(key=lambda p: (p.row, p.column))
    report.created = result.totals.get("new", 0)
    report.updated = result.totals.get("update", 0)
    report.skipped = result.totals.get("skip", 0)
    if report.problems or dry_run:
        return report
    before = _snapshot(resource, spec, dataset) if update and report.updated else {}
    try:
        with transaction.atomic():
            report.created_ids, report.updated_ids = resource.write()
            report.created_organisations = resource.created_organisations()
            report.before = {
                "headers": before.get("headers", []),
                "rows": {pk: row for pk, row in before.get("rows", {}).items() if pk in report.updated_ids},
            }
            if on_written:
                on_written(report)
    except StaleRows as exc:
        report.problems.append(CellProblem(1, "", "", str(exc)))
        return report
    except IntegrityError as exc:  # a Reference taken by a save made while the file was checked
        logger.warning("import of %s refused by the database: %s", filename, exc)
        report.problems.append(CellProblem(1, "", "", _("could not be saved (%(error)s)") % {"error": exc}))
        return report
    return report


def _snapshot(resource, spec, dataset) -> dict:
    """The rows the file names by their key, as the template writes them, before the import changes them.

    One export of the matching records (a few queries, whatever their number); undoing an update
    imports these rows back.
    """
    key = spec.key_column
    keys = set()
    for value in dataset[key.header] if key.header in dataset.headers else []:
        try:
            keys.add(resource.widgets[key.attribute].clean(value))
        except ValueError:
            continue  # a bad key is reported by the import itself
    # Read once, as a list: handed a QuerySet with prefetches, import-export pages through it, and every
    # page would send (and Django resolve) the whole key list again: quadratic in the rows.
    existing = list(resource.get_queryset().filter(**{f"{key.attribute}__in": keys}).order_by("pk"))
    exported = resource.export(queryset=existing)
    pks = [record.pk for record in existing]
    return {"headers": list(exported.headers), "rows": dict(zip(pks, map(list, exported), strict=True))}
