"""Reading an uploaded spreadsheet: checked before anything is parsed, headers mapped to the template's.

XLSX is read with openpyxl (through which tablib reads it too) so that formula cells can be refused by
name; CSV is read by tablib. Nothing here writes to the database.
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from consortium.names import fold
from imports.spec import Kind
from workspace.evidence import unzipped_size, zip_directory

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Bounds on the work one file can cause (issue 12, security 4), each checked while reading, before the
# next row is parsed: a sheet is read row by row and the reading stops at the first bound passed.
MAX_COLUMNS = 200  # a template has at most 25; a wider file is a mistake (or a bomb)
MAX_SHEET_ROWS = MAX_ROWS + 10_000  # blank rows between the data count here, not in MAX_ROWS
MAX_UNZIPPED_BYTES = 150 * 1024 * 1024  # a full 20,000-row sheet unpacks to about 10 MB
MAX_FIELD_CHARS = 100_000  # one CSV field; the longest text field of a record is far shorter


class ImportFileError(ValueError):
    """The file cannot be read at all; the message says why, in the user's words."""


@dataclass
class CellProblem:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    value: str
    message: str


def _is_xlsx(data: bytes) -> bool:
    return "xl/workbook.xml" in (zip_directory(data) or {})


def header_map(kind: Kind, headers: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """File header -> template header: the user's mapping first, then the template's names and synonyms.

    A header the mapping sends to "" is left out on purpose; two headers never feed one column (the
    first one wins), so a dataset never has a column twice.
    """
    mapping = mapping or {}
    result = {}
    for header in headers:
        target = mapping[header] if header in mapping else recognised(kind, header)
        if target and target in {c.header for c in kind.columns} and target not in result.values():
            result[header] = target
    return result


def recognised(kind: Kind, header: str) -> str:
    """The template column a file header names out of the box, or "": its English name, its name in any of
    the site's languages (a template downloaded by a partner working in another language) or a D3.2
    synonym."""
    return _names(kind).get(fold(header), "")


def _names(kind: Kind) -> dict[str, str]:
    """Folded header name -> template header, in every language of settings.LANGUAGES (English first)."""
    names = {}
    for code, _language in settings.LANGUAGES:
        with translation.override(code):
            for column in kind.columns:
                for name in (column.header, column.label, *column.synonyms):
                    names.setdefault(fold(name), column.header)
    return names


def _too_many_rows(filename: str) -> ImportFileError:
    return ImportFileError(
        _("'%(file)s' has more than %(max)s rows; import at most %(max)s at a time")
        % {"file": filename, "max": MAX_ROWS}
    )


def _too_wide(filename: str) -> ImportFileError:
    return ImportFileError(
        _("'%(file)s' has more than %(max)s columns; keep the template's columns (and a few of your own)")
        % {"file": filename, "max": MAX_COLUMNS}
    )


def _xlsx_rows(data: bytes, filename: str) -> Iterator[tuple]:
    """The first sheet's rows as openpyxl cells, one at a time (_sheet_rows)."""
    book = _open_book(data, filename)
    try:
        yield from _sheet_rows(book.worksheets[0], filename)
    finally:
        book.close()


def _open_book(data: bytes, filename: str):
    """The workbook opened read-only, once its unpacked size is known to be within MAX_UNZIPPED_BYTES."""
    if (unzipped_size(data) or 0) > MAX_UNZIPPED_BYTES:
        raise ImportFileError(
            _("'%(file)s' unpacks to more than %(max)s MB; import at most %(rows)s rows at a time")
            % {"file": filename, "max": MAX_UNZIPPED_BYTES // 1_048_576, "rows": MAX_ROWS}
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean the same
        raise _damaged(filename) from None


def _sheet_rows(sheet, filename: str) -> Iterator[tuple]:
    """A sheet's rows as openpyxl cells, one at a time: the header row whole, the others cut to
    MAX_COLUMNS cells (a cell past the header row's width has no column to go to).

    The `<dimension>` a file declares is ignored (reset_dimensions): openpyxl's read-only mode pads
    every row to it, and a 4.7 KB file claiming A1:XFD1048576 then exhausts memory. A row is as long as
    its cells, and a missing row costs nothing.
    """
    sheet.reset_dimensions()
    parts = [sheet.iter_rows(max_row=1), sheet.iter_rows(min_row=2, max_col=MAX_COLUMNS)]
    for rows in parts:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except Exception:  # noqa: BLE001 - as above, for a part damaged further in
                raise _damaged(filename) from None
            yield row


def _damaged(filename: str) -> ImportFileError:
    return ImportFileError(
        _("'%(file)s' looks like an Excel file but cannot be read (damaged?)") % {"file": filename}
    )


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without its mark) or else Windows-1252, checked 64 KB at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1 << 16):
            decoder.decode(data[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _csv_rows(data: bytes, filename: str) -> Iterator[list[str]]:
    """The CSV file's rows, one at a time, each line decoded as it is read (never the whole text at
    once); a field longer than MAX_FIELD_CHARS stops the reading."""
    if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
        raise ImportFileError(_("'%(file)s' is neither an Excel (.xlsx) nor a CSV file") % {"file": filename})
    encoding = _encoding(data)
    try:
        dialect = csv.Sniffer().sniff(
            data[:4096].decode(encoding, errors="ignore").removeprefix("\ufeff"), delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel  # one column, or an unusual file: the header check below explains
    # The csv module's own field bound is process-wide (csv.field_size_limit); ours is per field here.
    reader = csv.reader(_lines(data, encoding, filename), dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportFileError(
                _("'%(file)s' has a field longer than the CSV reader allows; is it a CSV file?")
                % {"file": filename}
            ) from None
        if any(len(field) > MAX_FIELD_CHARS for field in row):
            raise ImportFileError(
                _("'%(file)s' has a cell of more than %(max)s characters (row %(row)s)")
                % {"file": filename, "max": MAX_FIELD_CHARS, "row": reader.line_num}
            )
        yield row


def _lines(data: bytes, encoding: str, filename: str) -> Iterator[str]:
    """The file's lines with their endings, decoded one at a time (UTF-8 and Windows-1252 both write
    a line end as the byte 0x0A, so the bytes are cut there before decoding; io.StringIO would hold the
    whole text again, at up to four bytes a character)."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        try:
            yield data[start:end].decode(encoding)
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
            raise ImportFileError(
                _("'%(file)s' is not a text (CSV) file in UTF-8 or Windows encoding") % {"file": filename}
            ) from None
        start = end


def _check_size(data: bytes, filename: str) -> None:
    if not data:
        raise ImportFileError(_("'%(file)s' is empty") % {"file": filename})
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("'%(file)s' is %(size)s MB; the limit is %(max)s MB")
            % {"file": filename, "size": f"{len(data) / 1_048_576:.0f}", "max": MAX_BYTES // 1_048_576}
        )


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[list], list[CellProblem]]:
    """The file's header row, its non-empty rows and its formula cells; ImportFileError if unreadable.

    Type and size are checked here, before anything is parsed or stored; rows are read one at a time and
    the reading stops as soon as the file passes MAX_ROWS rows or MAX_COLUMNS columns, so the memory and
    time one file costs are bounded by the limits, not by what it claims or holds.
    """
    _check_size(data, filename)
    xlsx = _is_xlsx(data)
    rows = _xlsx_rows(data, filename) if xlsx else _csv_rows(data, filename)
    headers, values, problems = _collect(rows, filename, xlsx=xlsx)
    if not headers:
        raise ImportFileError(_("'%(file)s' has no header row") % {"file": filename})
    return headers, values, problems


def read_sheets(data: bytes, filename: str, which) -> dict[str, tuple[list[str], list, list[CellProblem]]]:
    """The sheets of an XLSX workbook that `which(title)` names (it returns a name, or None for a sheet
    not to read), each read as read_rows reads a file but with every row as (its row number, values),
    by that name. A sheet without a header row reads as no headers and no rows."""
    _check_size(data, filename)
    if not _is_xlsx(data):
        raise ImportFileError(
            _("'%(file)s' is not an Excel workbook (.xlsx); the set-up needs one sheet per part")
            % {"file": filename}
        )
    book = _open_book(data, filename)
    try:
        found = {}
        for sheet in book.worksheets:
            name = which(sheet.title)
            if name and name not in found:
                found[name] = _collect(_sheet_rows(sheet, filename), filename, xlsx=True, numbered=True)
        return found
    finally:
        book.close()


def _collect(
    rows, filename: str, *, xlsx: bool, numbered: bool = False
) -> tuple[list[str], list, list[CellProblem]]:
    """Header row, non-empty rows (each as (row number, values) if `numbered`) and formula cells of
    `rows`, within the bounds (headers [] if none)."""
    problems: list[CellProblem] = []
    headers: list[str] | None = None
    values: list[list] = []
    for number, row in enumerate(rows, start=1):
        if number > MAX_SHEET_ROWS:
            raise ImportFileError(
                _(
                    "'%(file)s' goes on past row %(max)s (blank rows count here too); import at most "
                    "%(rows)s rows at a time, without blank rows between them"
                )
                % {"file": filename, "max": MAX_SHEET_ROWS, "rows": MAX_ROWS}
            )
        if headers is None:
            headers = [str((cell.value if xlsx else cell) or "").strip() for cell in row]
            while headers and not headers[-1]:
                headers.pop()  # styled but empty cells at the end of the header row
            if len(headers) > MAX_COLUMNS:
                raise _too_wide(filename)
            continue
        row = row[: len(headers)]  # a cell without a header has no column to go to
        line = _xlsx_line(row, number, headers, problems) if xlsx else row
        if any(str(v or "").strip() for v in line):
            values.append((number, line) if numbered else line)
            if len(values) > MAX_ROWS:
                raise _too_many_rows(filename)
    if not headers or not any(headers):
        return [], [], problems
    return headers, values, problems


def _xlsx_line(row, number: int, headers: list[str], problems: list[CellProblem]) -> list:
    """A row's values; a formula cell is a problem (named by row and column) and kept as its text."""
    line = []
    for index, cell in enumerate(row):
        if cell.data_type == "f":
            column = headers[index] if index < len(headers) else f"#{index + 1}"
            problems.append(
                CellProblem(
                    number, column, str(cell.value), _("the cell holds a formula; type the value instead")
                )
            )
            line.append(str(cell.value))  # kept as text so the row raises no second problem
        else:
            line.append(cell.value)
    return line


def read_table(data: bytes, filename: str, kind: Kind, mapping: dict[str, str] | None = None, *, parsed=None):
    """Returns (dataset with template headers, problems found in cells, file headers left unused).

    `parsed` is read_rows' answer when the caller has it already (a file is parsed once per step).
    """
    headers, values, problems = parsed or read_rows(data, filename)
    problems = list(problems)
    mapped = header_map(kind, headers, mapping)
    missing = [c.label for c in kind.columns if c.required and c.header not in mapped.values()]
    if missing:
        raise ImportFileError(
            _("'%(file)s' has no column for %(missing)s (its columns: %(columns)s)")
            % {
                "file": filename,
                "missing": ", ".join(repr(m) for m in missing),
                "columns": ", ".join(repr(h) for h in headers if h),
            }
        )
    dataset = tablib.Dataset(headers=[mapped[h] for h in headers if h in mapped])
    keep = [i for i, h in enumerate(headers) if h in mapped]
    for row in values:
        dataset.append([row[i] if i < len(row) else "" for i in keep])
    unused = [h for h in headers if h and h not in mapped]
    return dataset, problems, unused
