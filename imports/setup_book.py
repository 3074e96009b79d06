"""Set up a project from one workbook (issue 15 item 6): partners, work packages, tasks, deliverables,
milestones and people to invite, one sheet each (imports.setup_sheets), all or nothing.

The sheets are read in order and each row goes through the form of the set-up page that edits such rows,
saved as soon as it is valid, so that the next sheets can name it (a task names its work package, a work
package its lead partner) and the forms' own checks (a number used twice, a month outside the project)
see it. All of it runs in one transaction, rolled back for the preview and whenever any cell anywhere has
a problem: nothing is written but the whole workbook. That holds a lock while the workbook is checked,
which the record import avoids (imports.service); a set-up workbook has tens of rows, not thousands, so
the check takes a moment (MAX_SETUP_ROWS bounds it).

A row whose key (a partner's number, a work package's number, ...) matches an existing row updates it, so
the workbook can be corrected and imported again; an unchanged row is counted as such and not saved.
"""

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, ngettext
from openpyxl import Workbook

from consortium.models import Partner, WorkPackage
from consortium.names import fold
from imports.files import ImportFileError, read_sheets
from imports.setup_sheets import SHEETS, convert, names
from imports.template import template_cell
from imports.widgets import text

MAX_SETUP_ROWS = 1000  # rows of one sheet; a consortium's work plan has a few dozen


@dataclass
class BookProblem:
    sheet: str
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    value: str
    message: str


@dataclass
class SheetCount:
    title: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class BookReport:
    filename: str
    dry_run: bool
    counts: list[SheetCount] = field(default_factory=list)
    problems: list[BookProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    invitations: list = field(default_factory=list)  # (Invitation, token) made, for the mail and the page
    members_changed: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def total(self, what: str) -> int:
        return sum(getattr(count, what) for count in self.counts)


class Book:
    """What the rows of one run share: the project, who imports, the partners and work packages by name
    (read again after the sheet that adds them), and the report its rows fill."""

    def __init__(self, project, user, report: BookReport):
        self.project, self.user, self.report = project, user, report
        self.invitations, self.members_changed = report.invitations, report.members_changed
        self._partners = self._packages = None

    def refresh(self):
        self._partners = self._packages = None

    def partners(self) -> dict:
        if self._partners is None:
            self._partners = {fold(p.short_name): p for p in Partner.objects.filter(project=self.project)}
        return self._partners

    def work_packages(self) -> dict:
        if self._packages is None:
            self._packages = {w.number: w for w in WorkPackage.objects.filter(project=self.project)}
        return self._packages

    def problem(self, sheet, row: int, column, value, message) -> None:
        self.report.problems.append(
            BookProblem(str(sheet.title), row, str(column), text(value), str(message))
        )

    def checked(self, sheet, number: int, form, values: dict) -> bool:
        """Whether the form is valid; if not, each error noted under its column (or the form's label)."""
        if form.is_valid():
            return True
        headers = {column.field: column.header for column in sheet.columns}
        for name, errors in form.errors.items():
            column = headers.get(name) or (form.fields[name].label if name in form.fields else "")
            for error in errors:
                self.problem(sheet, number, column, values.get(name, ""), error)
        return False


def which_sheet(title: str) -> str | None:
    """The name of the set-up sheet a workbook's sheet title names, in English or the user's language."""
    wanted = fold(title)
    return next((sheet.name for sheet in SHEETS if wanted in names(sheet.title)), None)


def setup_book_import(*, project, data: bytes, filename: str, user, dry_run: bool = True) -> BookReport:
    """Preview (dry_run) or write the set-up workbook into `project`; ImportFileError if unreadable."""
    found = read_sheets(data, filename, which_sheet)
    report = BookReport(filename=filename, dry_run=dry_run)
    if not found:
        titles = ", ".join(f"'{sheet.title}'" for sheet in SHEETS)
        raise ImportFileError(
            gettext("'%(file)s' has none of the set-up sheets (%(titles)s); start from the template")
            % {"file": filename, "titles": titles}
        )
    book = Book(project, user, report)
    with transaction.atomic():
        for sheet in SHEETS:
            if sheet.name in found:
                _sheet(sheet, *found[sheet.name], book)
        if dry_run or report.problems:
            transaction.set_rollback(True)
    if not report.written:  # rolled back: nothing to mail
        report.invitations.clear()
        report.members_changed.clear()
    missing = [str(sheet.title) for sheet in SHEETS if sheet.name not in found]
    if missing:
        report.notes.append(gettext("Sheets not in the workbook (left as they are): %s") % ", ".join(missing))
    return report


def _sheet(sheet, headers, rows, cell_problems, book) -> None:
    count = SheetCount(title=str(sheet.title), rows=len(rows))
    book.report.counts.append(count)
    for problem in cell_problems:
        book.problem(sheet, problem.row, problem.column, problem.value, problem.message)
    columns = {}
    for index, header in enumerate(headers):
        column = next((c for c in sheet.columns if fold(header) in names(c.header)), None)
        if column is not None and column not in columns.values():
            columns[index] = column
        elif header:
            book.report.notes.append(
                gettext("%(sheet)s: column '%(column)s' is not read")
                % {"sheet": sheet.title, "column": header}
            )
    missing = [c for c in sheet.columns if c.required and c not in columns.values()]
    for column in missing:
        book.problem(sheet, 1, column.header, "", gettext("the sheet has no column '%s'") % column.header)
    if len(rows) > MAX_SETUP_ROWS:
        book.problem(
            sheet,
            1,
            "",
            "",
            gettext("more than %(max)s rows; is it the right sheet?") % {"max": MAX_SETUP_ROWS},
        )
    if missing or len(rows) > MAX_SETUP_ROWS:
        return
    book.refresh()  # the rows of the sheets before this one are in the lookups
    seen: dict[tuple, int] = {}
    for number, row in rows:
        values = _values(sheet, number, row, columns, book)
        if values is None:
            continue
        key = tuple(fold(values.get(name)) for name in sheet.key)
        if all(key) and key in seen:
            header = next(c.header for c in sheet.columns if c.field == sheet.key[-1])
            book.problem(
                sheet,
                number,
                header,
                values.get(sheet.key[-1]),
                gettext("the same as row %(row)s; give each row once") % {"row": seen[key]},
            )
            continue
        seen[key] = number
        outcome = (sheet.write or _form_row)(sheet, number, values, book)
        if outcome:
            setattr(count, outcome, getattr(count, outcome) + 1)


def _values(sheet, number, row, columns, book) -> dict | None:
    """The row's cells as the form's values, or None with each bad cell noted."""
    values, bad = {}, False
    for index, column in columns.items():
        cell = row[index] if index < len(row) else None
        try:
            values[column.field] = convert(column, cell, book)
        except ValueError as exc:
            book.problem(sheet, number, column.header, cell, exc)
            bad = True
    return None if bad else values


def _form_row(sheet, number: int, values: dict, book) -> str | None:
    """Add or change one row through its set-up page's form; the fields the sheet has no column for keep
    their values."""
    project = book.project
    existing = None
    if all(values.get(name) not in (None, "") for name in sheet.key):
        existing = sheet.rows_of(project).filter(**{name: values[name] for name in sheet.key}).first()
    kept = sheet.form(instance=existing, project=project).initial if existing else {}
    data = {name: _plain(value) for name, value in kept.items()} | values
    form = sheet.form(data=data, instance=existing, project=project)
    if not book.checked(sheet, number, form, values):
        return None
    if existing is not None and not form.has_changed():
        return "unchanged"
    form.save()
    return "updated" if existing is not None else "created"


def _plain(value):
    """A model's initial value as a form posts it: a row by its key, a country by its code."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return getattr(value, "pk", None) or getattr(value, "code", None) or value


def summary(counts: list[SheetCount]) -> list[str]:
    """One line per sheet: how many rows were (or would be) added, changed and left as they are."""
    return [
        ngettext(
            "%(sheet)s: %(rows)s row: %(created)s new, %(updated)s changed, %(unchanged)s unchanged",
            "%(sheet)s: %(rows)s rows: %(created)s new, %(updated)s changed, %(unchanged)s unchanged",
            count.rows,
        )
        % {"sheet": count.title, **vars(count)}
        for count in counts
    ]


def setup_book_template() -> bytes:
    """The workbook to fill in: one sheet per part with its headers and one example row (generic names),
    and a "Columns" sheet saying what each column takes."""
    book = Workbook(write_only=True)
    guide_rows = []
    for sheet in SHEETS:
        page = book.create_sheet(str(sheet.title)[:31])
        page.freeze_panes = "A2"
        for index in range(len(sheet.columns)):
            page.column_dimensions[chr(ord("A") + index)].width = 24
        page.append([template_cell(page, str(c.header), header=True) for c in sheet.columns])
        page.append([template_cell(page, c.example) for c in sheet.columns])
        guide_rows += [
            (str(sheet.title), str(c.header), gettext("yes") if c.required else "", str(c.help))
            for c in sheet.columns
        ]
    guide = book.create_sheet(gettext("Columns"))
    for width, letter in zip((20, 24, 10, 70), "ABCD", strict=True):
        guide.column_dimensions[letter].width = width
    headings = (gettext("Sheet"), gettext("Column"), gettext("Required"), gettext("What to write"))
    guide.append([template_cell(guide, heading, header=True) for heading in headings])
    for row in guide_rows:
        guide.append([template_cell(guide, value) for value in row])
    guide.append([])
    guide.append(
        [
            template_cell(
                guide,
                gettext(
                    "Replace the example rows with yours. A row whose number (an e-mail address for "
                    "people) is already in the project changes that row: the workbook can be imported "
                    "again. One problem anywhere and nothing is written."
                ),
            )
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
