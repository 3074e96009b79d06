"""Reading an uploaded spreadsheet: checked before anything is parsed, headers mapped to the template's.

XLSX is read with openpyxl (through which tablib reads it too) so that formula cells can be refused by
name; CSV is read by tablib. Nothing here writes to the database.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

import tablib
from openpyxl import load_workbook

from kpis.imports.resources import Kind
from kpis.imports.widgets import normalise

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


class ImportFileError(ValueError):
    """The file cannot be read at all; the message says why, in the user's words."""


@dataclass
class CellProblem:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    value: str
    message: str


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


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
    """The template column a file header names out of the box (its own name or a D3.2 synonym), or ""."""
    wanted = normalise(header)
    for column in kind.columns:
        if wanted in {normalise(name) for name in (column.header, *column.synonyms)}:
            return column.header
    return ""


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[list], list[CellProblem]]:
    """The file's header row, its non-empty rows and its formula cells; ImportFileError if unreadable.

    Type and size are checked here, before anything is parsed or stored.
    """
    if not data:
        raise ImportFileError(f"'{filename}' is empty")
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            f"'{filename}' is {len(data) / 1_048_576:.0f} MB; the limit is {MAX_BYTES // 1_048_576} MB"
        )
    problems: list[CellProblem] = []
    if _is_xlsx(data):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=False).worksheets[0]
            rows = [list(row) for row in sheet.iter_rows()]
        except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file; all mean the same
            raise ImportFileError(
                f"'{filename}' looks like an Excel file but cannot be read (damaged?)"
            ) from None
        headers = [str(cell.value or "").strip() for cell in rows[0]] if rows else []
        values = []
        for number, row in enumerate(rows[1:], start=2):
            line = []
            for index, cell in enumerate(row):
                if cell.data_type == "f":
                    column = headers[index] if index < len(headers) else f"#{index + 1}"
                    problems.append(
                        CellProblem(
                            number,
                            column,
                            str(cell.value),
                            "the cell holds a formula; type the value instead",
                        )
                    )
                    line.append(str(cell.value))  # kept as text so the row raises no second problem
                else:
                    line.append(cell.value)
            values.append(line)
    else:
        if b"\x00" in data[:4096] or data.startswith(b"PK\x03\x04"):
            raise ImportFileError(f"'{filename}' is neither an Excel (.xlsx) nor a CSV file")
        try:
            textual = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                textual = data.decode("cp1252")
            except UnicodeDecodeError:
                raise ImportFileError(
                    f"'{filename}' is not a text (CSV) file in UTF-8 or Windows encoding"
                ) from None
        try:
            dialect = csv.Sniffer().sniff(textual[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel  # one column, or an unusual file: the header check below explains
        parsed = list(csv.reader(io.StringIO(textual), dialect))
        headers = [h.strip() for h in parsed[0]] if parsed else []
        values = parsed[1:]
    values = [row for row in values if any(str(v or "").strip() for v in row)]
    if not headers or not any(headers):
        raise ImportFileError(f"'{filename}' has no header row")
    if len(values) > MAX_ROWS:
        raise ImportFileError(f"'{filename}' has {len(values)} rows; import at most {MAX_ROWS} at a time")
    return headers, values, problems


def read_table(data: bytes, filename: str, kind: Kind, mapping: dict[str, str] | None = None):
    """Returns (dataset with template headers, problems found in cells, file headers left unused)."""
    headers, values, problems = read_rows(data, filename)
    mapped = header_map(kind, headers, mapping)
    missing = [c.header for c in kind.columns if c.required and c.header not in mapped.values()]
    if missing:
        raise ImportFileError(
            f"'{filename}' has no column for {', '.join(repr(m) for m in missing)} "
            f"(its columns: {', '.join(repr(h) for h in headers if h)})"
        )
    dataset = tablib.Dataset(headers=[mapped[h] for h in headers if h in mapped])
    keep = [i for i, h in enumerate(headers) if h in mapped]
    for row in values:
        dataset.append([row[i] if i < len(row) else "" for i in keep])
    unused = [h for h in headers if h and h not in mapped]
    return dataset, problems, unused
