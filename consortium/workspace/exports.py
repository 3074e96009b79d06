"""The filtered list as a file: CSV or XLSX, with user text that could start a formula neutralised.

R11: any text starting with = + - @ tab or CR is written so that no spreadsheet evaluates it. In XLSX
the cell is typed as a string with Excel's quote prefix (the text stays as typed); in CSV, which has no
types, it gets a leading apostrophe. Numbers and dates stay typed in XLSX.
"""

import csv
import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_risky(text: str) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_START)


def csv_safe(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return f"'{text}" if is_risky(text) else text


def table_rows(table) -> list[list]:
    """Header and rows as the table shows them, across every page (the filtered set, not one page)."""
    return [list(row) for row in table.as_values()]


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def to_xlsx(rows: list[list], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31] or "Records")
    widths = [12] * (len(rows[0]) if rows else 0)
    for row in rows[:200]:
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], len(str(value or "")) + 2), 60)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for number, row in enumerate(rows):
        cells = []
        for value in row:
            if isinstance(value, datetime):
                value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
            if isinstance(value, int | float | date | datetime) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
            else:
                # Control characters (other than tab and newlines) cannot be stored in a worksheet at all:
                # openpyxl refuses the whole file, so they are dropped (R10 found this as a 500).
                text = ILLEGAL_CHARACTERS_RE.sub("", str(value)) if value not in (None, "") else ""
                cell = WriteOnlyCell(sheet, value=text or None)
                if cell.value is not None:
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                    if is_risky(cell.value):
                        cell.quotePrefix = True  # Excel shows the text as typed and never evaluates it
            if number == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(rows: list[list], fmt: str, basename: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    if fmt == "csv":
        response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(rows, basename), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.{fmt}"'
    return response
