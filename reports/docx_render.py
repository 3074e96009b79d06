"""DOCX renderer (python-docx) of the progress report: the agency's table layouts, ready to paste into
its Word template (grouped header rows merged as in the template, header rows repeated on every page)."""

import io
import re

from django.utils.timezone import localtime
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from consortium.dates import as_text, format_date

# Characters XML 1.0 forbids; python-docx refuses them.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value) -> str:
    return ILLEGAL.sub("", as_text(value))


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _fill(cell, value, bold=False, size=8) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(_text(value))
    run.bold = bold
    run.font.size = Pt(size)


def _orientation(doc, landscape: bool) -> None:
    section = doc.sections[-1]
    if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    section = doc.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))


def _table(doc, table) -> None:
    columns = [c for c in table["columns"] if c["only"] != "xlsx"]
    keep = [i for i, c in enumerate(table["columns"]) if c["only"] != "xlsx"]
    _orientation(doc, bool(table.get("landscape")))
    doc.add_heading(table["title"], level=3)
    groups = table.get("header_groups") or []
    grid = doc.add_table(rows=0, cols=len(columns))
    grid.style = "Table Grid"
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
    for data in table["rows"]:
        cells = grid.add_row().cells
        for index, source in enumerate(keep):
            repeated = (
                index == 0 and table.get("grouped_first_column") and not data.get("first_in_group", True)
            )
            _fill(cells[index], "" if repeated else data["cells"][source])
    if not table["rows"]:
        cells = grid.add_row().cells
        merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
        _fill(merged, table.get("empty_text") or "None in this period.")
    elif table.get("total"):
        cells = grid.add_row().cells
        for cell, value in zip(cells, table["total"], strict=True):
            _fill(cell, value, bold=True)
    for note in table.get("notes", []):
        doc.add_paragraph(_text(note), style="List Bullet" if not note.endswith(":") else None)


def render_docx(ctx: dict, progress=None) -> bytes:
    doc = Document()
    m = ctx["meta"]
    doc.core_properties.title = f"{m['acronym']} {ctx['report_title']}"
    if m["data_as_of"]:
        # The file's own timestamps follow the data, so two exports of unchanged data say the same.
        doc.core_properties.created = doc.core_properties.modified = localtime(m["data_as_of"]).replace(
            tzinfo=None
        )
    doc.add_heading(f"{m['acronym']} {ctx['report_title']}", level=0)
    facts = [
        ("Action title", " ".join(filter(None, [m.get("call_identifier"), m.get("call_title")]))),
        ("Grant Agreement number", m["grant_number"]),
        ("Project acronym", m["acronym"]),
        ("Project title", m["title"]),
        ("Progress report", m.get("report_ordinal", "")),
        ("Period covered", f"from {format_date(m['period_start'])} to {format_date(m['period_end'])}"),
        ("Data as of", m["data_as_of"] or "no data yet"),
    ]
    for label, value in facts:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(_text(value))
    for note in ctx["notes"]:
        doc.add_paragraph(_text(note), style="List Bullet")
    for table in ctx["tables"]:
        _table(doc, table)
        if progress:
            progress(table["title"])
    if ctx.get("other_cases"):
        _orientation(doc, False)
        doc.add_heading("6. c) Other relevant cooperation cases", level=3)
        for group in ctx["other_cases"]:
            doc.add_paragraph().add_run(_text(group["label"])).bold = True
            for item in group["items"] or ["None recorded."]:
                doc.add_paragraph(_text(item), style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    if progress:
        progress("")
    return out.getvalue()
