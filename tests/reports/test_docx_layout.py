"""The progress report's DOCX as an agency reviewer opens it (issue 14, office files): A4 on every page, a
footer with project, report, period and page number, and column widths that follow the content."""

import io

import pytest
from docx import Document
from docx.shared import Mm

from consortium.dates import format_date
from reports.docx_render import CELL_PADDING, CHAR, render_docx
from reports.progress import build_progress


@pytest.fixture
def document(project, periods, wp3):
    ctx = build_progress(project, periods[-1])
    return ctx, Document(io.BytesIO(render_docx(ctx)))


def test_every_page_is_a4_in_either_orientation(document):
    _, doc = document
    assert len(doc.sections) > 1  # the wide tables are landscape
    for section in doc.sections:
        short, long = sorted([section.page_width, section.page_height])
        assert abs(short - Mm(210)) < Mm(0.1) and abs(long - Mm(297)) < Mm(0.1)  # Word keeps twips
    assert {section.page_width > section.page_height for section in doc.sections} == {True, False}


def test_every_page_has_the_footer_with_the_page_number(document):
    ctx, doc = document
    footer = doc.sections[0].footer
    text = footer.paragraphs[0].text
    assert ctx["meta"]["acronym"] in text and ctx["report_title"] in text
    meta = ctx["meta"]
    assert f"{format_date(meta['period_start'])}-{format_date(meta['period_end'])}" in text
    assert " PAGE " in footer._element.xml  # Word's page-number field
    assert all(section.footer.is_linked_to_previous for section in doc.sections[1:])


def test_columns_are_as_wide_as_their_content_asks(document):
    ctx, doc = document
    deliverables = next(t for t in doc.tables if t.rows[0].cells[0].text == "Del. no.")
    widths = [column.width for column in deliverables.columns]
    labels = [cell.text for cell in deliverables.rows[0].cells]
    assert widths[labels.index("Deliverable name")] > 2 * widths[labels.index("WP no.")]
    # No word broken: "Dissemination" (its header) fits its column, a date fits "Actual date delivered".
    assert widths[labels.index("Dissemination level")] >= len("Dissemination") * CHAR + CELL_PADDING
    assert widths[labels.index("Actual date delivered")] >= len("30.04.2021") * CHAR + CELL_PADDING
    section = next(s for s in doc.sections if s.page_width > s.page_height)  # deliverables: landscape
    assert sum(widths) <= section.page_width - section.left_margin - section.right_margin
    first_row = [cell.width for cell in deliverables.rows[0].cells]
    assert first_row == widths  # the cells (Word) agree with the grid (LibreOffice)
