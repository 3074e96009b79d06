"""XLSX renderer: one sheet per table, in openpyxl's write-only mode (memory stays flat on big exports).

Every text is written as a string cell (data type "s"), never guessed: a record named "=HYPERLINK(...)"
stays text and the workbook holds no formula at all (RELIABILITY.md R11). Text that a spreadsheet could
read as a formula (workspace.spreadsheet.is_risky) also gets the quote-prefix style. Numbers
stay numbers and dates real dates.

Every sheet prints on A4 as a reviewer would print it: a table sheet landscape, fitted to the page's
width, its header row repeated on every page; the cover portrait; a footer with the sheet and page number.
"""

import io
import re
from datetime import date, datetime
from itertools import zip_longest

from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from workspace.spreadsheet import clean_text, is_risky

SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

# The header cells' font, named in full (a font without name and size is drawn in the program's default,
# which differs between Excel and LibreOffice): Calibri 11 is Excel's default body font, LibreOffice
# draws it as its metric-compatible Carlito.
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="1D1D1D")
HEADER_FILL = PatternFill("solid", fgColor="DBE7F3")
THIN = Side(style="thin", color="9AA5B1")
HEADER_BORDER = Border(bottom=THIN, top=THIN, left=THIN, right=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
# The same wrap as the columns' style. LibreOffice wraps an unstyled cell by its column's style, not by the
# workbook's default format (which Excel uses, and which is WRAP): spelled differently ("general" is the
# default anyway) so that it is a format of its own, which openpyxl writes, not format 0, which it omits.
COLUMN_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="general")
# Dates at the left like the text around them, so a date in a wide column (the Report sheet's) is read
# next to its label, not at the far edge of the printed page.
DATE_ALIGN = Alignment(wrap_text=False, vertical="top", horizontal="left")
# A text that is a whole number ("12"), in a column of kind "number_text" (a target as the source writes it).
WHOLE_NUMBER = re.compile(r"\d{1,15}")
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


class SheetWriter:
    """Cells for one write-only sheet, cheap enough for 100k rows.

    openpyxl writes each cell of an appended generator before asking for the next one, so one styled
    cell per kind (text, quote-prefixed text, date, date-time) is reused for every value of that kind,
    instead of a new cell with its own style lookups per value (which cost twice the plain append).
    """

    def __init__(self, ws):
        self.ws = ws
        self.plain = self._cell(alignment=WRAP)
        self.quoted = self._cell(alignment=WRAP, quotePrefix=True)
        self.bold = self._cell(alignment=WRAP, font=HEADER_FONT)
        self.header_cell = self._cell(
            alignment=WRAP, font=HEADER_FONT, fill=HEADER_FILL, border=HEADER_BORDER
        )
        self.day = self._cell(number_format=DATE_FORMAT, alignment=DATE_ALIGN)
        self.moment = self._cell(number_format=DATETIME_FORMAT, alignment=DATE_ALIGN)

    def _cell(self, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        for name, value in style.items():
            setattr(cell, name, value)
        return cell

    def _text(self, cell: WriteOnlyCell, value: str) -> WriteOnlyCell:
        cell.value = clean_text(value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell

    def text(self, value: str, bold: bool = False):
        if bold:
            return self._text(self.bold, value)
        value = clean_text(value)
        if is_risky(value):
            return self._text(self.quoted, value)
        # openpyxl stores any other str as a plain string cell ("s"); unstyled, it wraps by the workbook's
        # default style in Excel (render_xlsx) and by its column's style in LibreOffice, at the cost of a
        # plain append.
        return value

    def value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return self.text(_("Yes") if value else _("No"))
        if isinstance(value, datetime):
            self.moment.value = localtime(value).replace(tzinfo=None)
            return self.moment
        if isinstance(value, date):
            self.day.value = value
            return self.day
        if isinstance(value, int | float):
            return value
        return self.text(str(value))

    def header(self, label: str) -> WriteOnlyCell:
        return self._text(self.header_cell, label)

    def row(self, values, kinds=()):
        """A generator for ws.append: each shared cell is written before it is filled again. `kinds`: the
        columns' kinds; in a "number_text" column a text that is a whole number is written as a number."""
        if "number_text" not in kinds:
            return (self.value(v) for v in values)  # the common case, as fast as before
        return (self.typed(v, kind) for v, kind in zip_longest(values, kinds[: len(values)]))

    def typed(self, value, kind):
        if kind == "number_text" and isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
            return int(value)
        return self.value(value)

    def pair(self, label, value):
        yield self.header(label)
        yield self.value(value)


def print_setup(ws, *, landscape: bool, title_row: bool) -> None:
    """A4, fitted to the page's width (as many pages down as it needs), a footer "sheet - page n of m".
    Called before the sheet's first row: write-only sheets write their properties first."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if title_row:
        ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "&A - &P / &N"
    ws.oddFooter.center.size = 8


def sheet_title(name: str, used: set) -> str:
    """The sheet's name within Excel's 31 characters, cut between words, unique in the workbook."""
    base = SHEET_NAME_BAD.sub(" ", name).strip()
    if len(base) > 31:
        cut = base[:31]
        base = (cut.rsplit(" ", 1)[0] if " " in cut else cut).strip()
    title, n = base, 2
    while title.lower() in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title.lower())
    return title


COVER_WIDTHS = (24, 80)  # label, value: the sheet prints at a readable size on a portrait A4


def _cover(wb, ctx, used):
    # Translators: the name of the spreadsheet's first sheet (at most 31 characters).
    ws = wb.create_sheet(sheet_title(_("Report"), used))
    print_setup(ws, landscape=False, title_row=False)
    for letter, width in zip("AB", COVER_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
        ws.column_dimensions[letter].alignment = COLUMN_WRAP
    w = SheetWriter(ws)
    m = ctx["meta"]
    # The period's dates and the data-as-of time are real dates (sortable, with a number format), left
    # aligned in a column wide enough for them: printed, they read "01.09.2022", never "#####".
    rows = [
        (_("Report"), ctx["report_title"]),
        (_("Project"), f"{m['acronym']} {m['title']}"),
        (_("Grant Agreement No"), m["grant_number"]),
        (
            _("Period"),
            _("Period %(number)s (%(months)s)")
            % {"number": m["period_number"], "months": m["period_months"]},
        ),
        (_("Period start"), m["period_start"]),
        (_("Period end"), m["period_end"]),
        *([(_("Date"), m["report_date"])] if m.get("report_date") else []),
        (_("Data as of"), m["data_as_of"]),
    ]
    rows += [(None, None)] + [(None, note) for note in ctx["notes"]]
    rows += [(g["label"], "; ".join(g["items"]) or _("None recorded.")) for g in ctx.get("other_cases", [])]
    for number, (label, value) in enumerate(rows, start=1):
        _tall_enough(ws, number, [label, value], COVER_WIDTHS)
        ws.append(w.pair(label, value) if label else w.row([None, value]))


LINE_POINTS = 15  # one line of the default 11-point font
MOST_POINTS = 409  # the tallest row a spreadsheet allows


def _wrapped(line: str, per_line: int) -> int:
    """Lines one paragraph takes when wrapped between words (a word longer than a line is cut)."""
    lines, used = 1, 0
    for word in line.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        if len(word) > per_line:
            lines += (len(word) - 1) // per_line
            used = len(word) % per_line or per_line
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _lines(value, width, factor: float = 1.2) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (an estimate): a column's
    width counts "0"s and text runs narrower (`factor`); bold header text runs wider (1.0)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(int(width * factor), 1)
    return sum(_paragraph_lines(part, per_line) for part in value.split("\n"))


def _paragraph_lines(part: str, per_line: int) -> int:
    """Short text (a header, a name) wrapped word by word, where one line more or less shows; long text
    by its length less a tenth for the ends of lines wrapping leaves (the word walk is slow at 100k rows)."""
    if len(part) <= per_line:
        return 1
    if len(part) <= 2 * per_line:
        return _wrapped(part, per_line)
    return -(-len(part) * 10 // (per_line * 9))


def _tall_enough(ws, number: int, values, widths, factor: float = 1.2) -> None:
    """Give row `number` the height its wrapped text needs. LibreOffice does not grow a row for wrapped
    text in a file it opens, so without a height the lines are drawn over each other."""
    lines = max((_lines(v, w, factor) for v, w in zip(values, widths, strict=False)), default=1)
    if lines > 1:
        ws.row_dimensions[number].height = min(lines * LINE_POINTS, MOST_POINTS)


def _table_sheet(wb, table, used):
    ws = wb.create_sheet(sheet_title(table["sheet"], used))
    columns = table["columns"]
    # Widths and panes must be set before the first append in write-only mode.
    for index, col in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = col["width"]
        dimension.alignment = COLUMN_WRAP
    ws.freeze_panes = "A2"
    print_setup(ws, landscape=True, title_row=True)
    w = SheetWriter(ws)
    widths = [c["width"] for c in columns]
    kinds = [c["kind"] for c in columns]
    _tall_enough(ws, 1, [c["label"] for c in columns], widths, factor=1.0)
    ws.append(w.header(c["label"]) for c in columns)
    for number, row in enumerate(table["rows"], start=2):
        _tall_enough(ws, number, row["cells"], widths)
        ws.append(w.row(row["cells"], kinds))
        ws.row_dimensions.pop(number, None)  # written: memory stays flat
    last = len(table["rows"]) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    if table.get("total") and table["rows"]:
        ws.append(w.row(table["total"]))
    if table.get("notes"):
        ws.append([])
        for note in table["notes"]:
            ws.append(w.row([note]))


def render_xlsx(ctx: dict, progress=None) -> bytes:
    wb = Workbook(write_only=True)
    # The default cell format (xf 0, used by every cell without a style of its own) wraps text at the
    # top: plain text cells then need no style, which keeps a 100k-row export about as fast as a plain
    # openpyxl append (a styled cell per value costs twice as much). openpyxl has no public API for
    # the default format; its style tables are these two lists.
    default = StyleArray()
    default.alignmentId = wb._alignments.add(WRAP)
    wb._cell_styles = IndexedList([default])
    as_of = ctx["meta"]["data_as_of"]
    if as_of:
        # The file's own timestamps follow the data, so two exports of unchanged data say the same.
        wb.properties.created = localtime(as_of).replace(tzinfo=None)
    wb.properties.title = f"{ctx['meta']['acronym']} {ctx['report_title']} P{ctx['meta']['period_number']}"
    used: set = set()
    _cover(wb, ctx, used)
    for table in ctx["tables"]:
        _table_sheet(wb, table, used)
        if progress:
            progress(table["title"])
    out = io.BytesIO()
    wb.save(out)
    if progress:
        progress("")
    return out.getvalue()
