"""Is this text safe in a spreadsheet? The one answer every CSV and XLSX writer asks (RELIABILITY.md R11).

A spreadsheet reads a cell that starts with = + - @ (or a tab or carriage return) as a formula. CSV has no
types and no fixed separator: a file written with commas is split on semicolons in German, Italian, Polish,
French and Spanish Excel, so `Workshop;=2+5` arrives as two cells, the second a formula. So a field start
is guarded wherever one can begin: at the start of the text and after any separator a spreadsheet splits
on (comma, semicolon, tab, line break, pipe), spaces between them included.

- XLSX: text is always a string cell (data type "s"), never a formula; risky text also gets Excel's quote
  prefix style, which keeps it text when someone edits the cell. The text itself is not changed.
- CSV: every field is quoted, and an apostrophe goes before each risky field start, the convention Excel
  and LibreOffice show as "this is text".
"""

import csv
import io
import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = ",;\t\r\n|"
# A separator, then optional spaces, then a formula trigger: a field start a locale's split would create.
_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n|][ \u00a0]*)(?=[=+\-@])")
# Characters XML 1.0 forbids; openpyxl refuses a whole workbook for one of them in a cell.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_risky(text) -> bool:
    """True when a spreadsheet could read some field of `text` as a formula or an error value."""
    if not isinstance(text, str) or not text:
        return False
    return text.startswith(FORMULA_START) or text in ERROR_CODES or bool(_AFTER_SEPARATOR.search(text))


def clean_text(text: str) -> str:
    """The text without the control characters a worksheet cannot hold (tab and line breaks stay)."""
    return ILLEGAL.sub("", text)


def csv_text(value) -> str:
    """The value as a CSV field whose every possible field start is text, not a formula."""
    if value is None:
        return ""
    text = str(value)
    if not is_risky(text):
        return text
    text = _AFTER_SEPARATOR.sub(r"\1'", text)
    return f"'{text}" if text.startswith(FORMULA_START) or text in ERROR_CODES else text


def csv_bytes(rows) -> bytes:
    """Rows as UTF-8 CSV with a BOM (so Excel reads the accents), every field quoted and guarded."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def text_cell(sheet, value, **style) -> WriteOnlyCell:
    """A write-only string cell holding `value` as text, quote-prefixed when risky; `style` as openpyxl's."""
    text = clean_text(str(value)) if value not in (None, "") else None
    cell = WriteOnlyCell(sheet, value=text)
    if text is not None:
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if is_risky(text):
            cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell
