"""DOCX renderer (python-docx) of the progress report: the agency's table layouts, ready to paste into
its Word template (grouped header rows merged as in the template, header rows repeated on every page).

Pages are A4 throughout (portrait, and landscape for the wide tables), each with a footer naming the
project, the report and the period, and the page number. Column widths follow the content: every column
is at least as wide as its longest word, so "Dissemination" or a date is never broken mid-word, and the
rest of the width goes by each column's `width` (the one the XLSX uses).
"""

import io
import re

from django.utils.timezone import localtime
from django.utils.translation import gettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from consortium.dates import as_text, format_date
from reports.common import printed_values
from reports.docx_text import Writer

# Characters XML 1.0 forbids; python-docx refuses them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value) -> str:
    return ILLEGAL.sub("", as_text(value))


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


# Arial is on every stock Windows and macOS Word. LibreOffice on Linux ships "Liberation Sans" as Arial's
# metric-compatible substitute and maps Arial to it by itself (its font replacement table), so the lines
# break at the same places in both programs. python-docx's own template names Calibri/Calibri Light
# through the theme, which LibreOffice lacks (it falls back to Carlito only where that is installed).
FONT = "Arial"
STYLES = (
    "Normal", "Footer", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet",
    "Table Grid",
)  # fmt: skip


def _fonts(doc) -> None:
    """Every style the report uses writes in FONT, by name and not by the theme's font."""
    for name in STYLES:
        style = doc.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)  # a theme font would win over the name
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
    doc.styles["Normal"].font.size = Pt(10)


def _fill(cell, value, bold=False, size=8) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(_text(value))
    run.bold = bold
    run.font.size = Pt(size)


A4_SHORT, A4_LONG = Mm(210), Mm(297)
MARGIN = Mm(20)


def _page(section, landscape: bool) -> None:
    """A4 in the given orientation, with the same margins on every page."""
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN


def _orientation(doc, landscape: bool) -> None:
    section = doc.sections[-1]
    if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    _page(doc.add_section(), landscape)


def _page_number(paragraph) -> None:
    """Word's PAGE field: the reader's program writes the number of each page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def _footer(section, text: str) -> None:
    """The first section's footer; later sections link to it (python-docx's default), so every page has it."""
    paragraph = section.footer.paragraphs[0]
    paragraph.text = ""
    # Translators: the page footer, followed by the page's number.
    paragraph.add_run(gettext("%(footer)s · page ") % {"footer": _text(text)}).font.size = Pt(8)
    _page_number(paragraph)


# An 8-point character at its widest, and a cell's inner margins: what a word needs not to be broken.
CHAR = Pt(8 * 0.6)
CELL_PADDING = Mm(4)


def _longest_word(texts) -> int:
    return max((len(word) for text in texts for word in _text(text).split()), default=1)


def _widths(section, columns, keep, rows) -> list:
    """Each column at least as wide as its longest word (header or cell), the rest of the page's text width
    shared by the columns' `width` (in characters, as the XLSX has them); narrowed in proportion when the
    longest words alone do not fit."""
    text_width = section.page_width - section.left_margin - section.right_margin
    least = [
        _longest_word([column["label"], *(row["cells"][source] for row in rows)]) * CHAR + CELL_PADDING
        for column, source in zip(columns, keep, strict=True)
    ]
    if sum(least) >= text_width:
        return [int(width * text_width / sum(least)) for width in least]
    spare, total = text_width - sum(least), sum(c["width"] for c in columns) or 1
    return [int(width + spare * c["width"] / total) for width, c in zip(least, columns, strict=True)]


def _heading(doc, text: str, level: int):
    """A heading kept on the page of what follows it (LibreOffice does not take that from the style)."""
    heading = doc.add_heading(text, level=level)
    heading.paragraph_format.keep_with_next = True
    return heading


def _table(doc, table, titled: bool = True) -> None:
    columns = [c for c in table["columns"] if c["only"] != "xlsx"]
    keep = [i for i, c in enumerate(table["columns"]) if c["only"] != "xlsx"]
    rows = [{**row, "cells": printed_values(row)} for row in table["rows"]]
    _orientation(doc, bool(table.get("landscape")))
    if titled:
        _heading(doc, table["title"], level=3)
    groups = table.get("header_groups") or []
    grid = doc.add_table(rows=0, cols=len(columns))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = _widths(doc.sections[-1], columns, keep, rows)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the table grid (LibreOffice reads this)
    if groups:
        row = grid.add_row()
        _repeat_header(row)
        start = 0
        for label, span in groups:
            merged = row.cells[start].merge(row.cells[start + span - 1]) if span > 1 else row.cells[start]
            _fill(merged, label, bold=True)
            start += span
    header = grid.add_row()
    _repeat_header(header)
    for cell, col in zip(header.cells, columns, strict=True):
        _fill(cell, col["label"], bold=True)
    # Body rows may break across pages (python-docx writes no w:cantSplit, and neither do we): a row
    # taller than a page would otherwise be cut off in Word. Long lists are shortened by the builder.
    for data in rows:
        cells = grid.add_row().cells
        for index, source in enumerate(keep):
            repeated = (
                index == 0 and table.get("grouped_first_column") and not data.get("first_in_group", True)
            )
            _fill(cells[index], "" if repeated else data["cells"][source])
    if not table["rows"]:
        cells = grid.add_row().cells
        merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
        _fill(merged, table.get("empty_text") or gettext("None in this period."))
    elif table.get("total"):
        cells = grid.add_row().cells
        for cell, value in zip(cells, table["total"], strict=True):
            _fill(cell, value, bold=True)
    for row in grid.rows:  # Word reads each cell's width: a merged cell gets the columns it spans
        spans: dict = {}
        for cell, width in zip(row.cells, widths, strict=True):
            spans.setdefault(id(cell._tc), [cell, 0])[1] += width
        for cell, width in spans.values():
            cell.width = width
    for note in table.get("notes", []):
        doc.add_paragraph(_text(note), style="List Bullet" if not note.endswith(":") else None)


def _other_cases(doc, groups) -> None:
    """II.6 c): three lists, "None recorded." when empty; on the landscape page of 6. b), as in the PDF."""
    _heading(doc, "6. c) Other relevant cooperation cases", level=3)
    lines = []
    for group in groups:
        label = doc.add_paragraph()
        label.add_run(_text(group["label"])).bold = True
        lines.append(label)
        items = group["items"] or [gettext("None recorded.")]
        lines += [doc.add_paragraph(_text(item), style="List Bullet") for item in items]
    for line in lines[:-1]:  # one block with its heading: never a heading or label at a page's foot
        line.paragraph_format.keep_with_next = True


def _narrative(doc, ctx, safe_html: str, empty: str = "") -> None:
    """A narrative text (safe HTML) as Word paragraphs; `empty` printed (in italics) where there is none."""
    if safe_html:
        section = doc.sections[-1]
        width = section.page_width - section.left_margin - section.right_margin
        Writer(doc, ctx.get("images") or {}, width, _text).write(safe_html)
    elif empty:
        doc.add_paragraph().add_run(_text(empty)).italic = True


def _declaration(doc, ctx, section) -> None:
    declared = section["declaration"]
    doc.add_paragraph(_text(declared["prompt"]))
    for choice in declared["choices"]:
        doc.add_paragraph(f"{'☒' if choice['ticked'] else '☐'} {_text(choice['text'])}")
    for field in declared["fields"]:
        line = doc.add_paragraph()
        line.add_run(f"{_text(field['label'])}: ").bold = True
        line.add_run(_text(field["value"] or "…"))
    _narrative(doc, ctx, section["html"])


def _section(doc, ctx, section, progress) -> None:
    """One section of the structure: its group's heading, its heading, its text(s), then its tables."""
    _orientation(doc, bool(section.get("landscape")))  # the heading on the page of what follows it
    if section["group"]:
        _heading(doc, section["group"], level=1)
    _heading(doc, section["heading"], level=2)
    empty = section["empty_text"]
    if section["kind"] == "declaration":
        _declaration(doc, ctx, section)
    elif section["kind"] == "work_packages":
        for wp in section["work_packages"]:
            _heading(
                doc,
                gettext("Work Package %(number)s: %(title)s")
                % {"number": wp["number"], "title": wp["title"]},
                level=3,
            )
            _narrative(doc, ctx, wp["html"], "" if wp["tasks"] else empty)
            for task in wp["tasks"]:
                _heading(
                    doc,
                    gettext("Task %(code)s: %(title)s") % {"code": task["code"], "title": task["title"]},
                    level=4,
                )
                _narrative(doc, ctx, task["html"], empty)
        if not section["work_packages"]:
            _narrative(doc, ctx, "", empty)
    elif section["kind"] == "parts":
        for part in section["parts"]:
            _heading(doc, part["heading"], level=4)
            _narrative(doc, ctx, part["html"], empty)
    elif section["kind"] != "tables":
        _narrative(doc, ctx, section["html"], empty)
    for item in section["items"]:
        if item["kind"] == "table":
            _table(doc, item["table"], titled=not item.get("untitled"))
            if progress:
                progress(item["table"]["title"])
        elif item["kind"] == "other_cases":
            _other_cases(doc, ctx["other_cases"])


def render_docx(ctx: dict, progress=None) -> bytes:
    doc = Document()
    _fonts(doc)
    m = ctx["meta"]
    _page(doc.sections[0], landscape=False)  # python-docx's default template is US Letter
    period = f"{format_date(m['period_start'])}-{format_date(m['period_end'])}"
    _footer(doc.sections[0], f"{m['acronym']} · {ctx['report_title']} · {period}")
    doc.core_properties.title = f"{m['acronym']} {ctx['report_title']}"
    if m["data_as_of"]:
        # The file's own timestamps follow the data, so two exports of unchanged data say the same.
        doc.core_properties.created = doc.core_properties.modified = localtime(m["data_as_of"]).replace(
            tzinfo=None
        )
    doc.add_heading(f"{m['acronym']} {ctx['report_title']}", level=0)
    facts = [
        (gettext("Action title"), " ".join(filter(None, [m.get("call_identifier"), m.get("call_title")]))),
        (gettext("Grant Agreement number"), m["grant_number"]),
        (gettext("Project acronym"), m["acronym"]),
        (gettext("Project title"), m["title"]),
        (gettext("Progress report"), m.get("report_ordinal", "")),
        (
            gettext("Period covered"),
            gettext("from %(start)s to %(end)s")
            % {"start": format_date(m["period_start"]), "end": format_date(m["period_end"])},
        ),
        *([(gettext("Date"), m["report_date"])] if m.get("report_date") else []),
        (gettext("Data as of"), m["data_as_of"] or gettext("no data yet")),
    ]
    for label, value in facts:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_text(value))
    for note in ctx["notes"]:
        doc.add_paragraph(_text(note), style="List Bullet")
    for section in ctx["sections"]:
        _section(doc, ctx, section, progress)
    out = io.BytesIO()
    doc.save(out)
    if progress:
        progress("")
    return out.getvalue()
