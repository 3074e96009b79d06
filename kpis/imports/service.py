"""Run an import: preview (dry run) or write, all or nothing, with every problem named by row and column."""

import logging
from dataclasses import dataclass, field

from django.db import transaction

from kpis.imports.files import CellProblem, read_table
from kpis.imports.kinds import KINDS
from kpis.imports.resources import resource_for

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

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def lines(self) -> list[str]:
        """The preview as text, the same on the page and in the command's output."""
        verb = "would be" if self.dry_run or not self.ok else "were"
        out = [
            f"{self.filename}: {self.rows} rows of {KINDS[self.kind].label}",
            f"  {self.created} {verb} created, {self.updated} {verb} updated, {self.skipped} skipped"
            + (
                ""
                if self.update
                else " (existing References are left as they are; use update to change them)"
            ),
        ]
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
) -> ImportReport:
    """Preview or write one file of one record kind into `project` as `user`; raises ImportFileError."""
    spec = KINDS[kind]
    dataset, problems, unused = read_table(data, filename, spec, mapping)
    report = ImportReport(
        kind=kind,
        filename=filename,
        dry_run=dry_run,
        update=update,
        rows=len(dataset),
        problems=list(problems),
        unused_columns=unused,
    )
    resource = resource_for(spec, project, user, update=update, source=filename)
    headers = {c.attribute: c.header for c in spec.columns}
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run or bool(problems),
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        for invalid in result.invalid_rows:
            for attribute, messages in invalid.error_dict.items():
                column = headers.get(attribute, "")
                value = str(dataset.dict[invalid.number - 1].get(column) or "") if column else ""
                for message in messages:
                    report.problems.append(CellProblem(invalid.number + 1, column, value, message))
        for number, errors in result.row_errors():
            for error in errors:
                logger.error("import of %s row %s failed: %s", filename, number + 1, error.error)
                report.problems.append(CellProblem(number + 1, "", "", f"could not be saved ({error.error})"))
        report.problems.sort(key=lambda p: (p.row, p.column))
        report.created = result.totals.get("new", 0)
        report.updated = result.totals.get("update", 0)
        report.skipped = result.totals.get("skip", 0)
        if report.problems:
            transaction.set_rollback(True)  # all or nothing, whatever import-export decided per row
    return report
