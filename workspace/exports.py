"""The filtered list as a file: CSV or XLSX, with user text that could start a formula neutralised.

R11: text is made safe by the one spreadsheet-safety helper (workspace.spreadsheet); numbers
and dates stay typed in XLSX.
"""

import io
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from workspace.spreadsheet import csv_bytes, text_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_rows(table) -> list[list]:
    """Header and rows as the table shows them, across every page (the filtered set, not one page)."""
    return [list(row) for row in table.as_values()]


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
                # Control characters a worksheet cannot hold are dropped (R10 found them as a 500).
                cell = text_cell(sheet, value)
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
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(to_xlsx(rows, basename), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.{fmt}"'
    return response
