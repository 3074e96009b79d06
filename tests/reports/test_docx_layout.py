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


# The progress report's order is its structure's (issue 16: narrative/programmes/*.yaml): each section's
# heading (Heading 2, after its group's heading, Heading 1), its text, then its tables (Heading 3) in the
# order the structure places them. The PDF/HTML and the DOCX walk the builder's one list of sections.
# The tables' own titles (Heading 3). II.2-II.5's only table prints no title: its section's heading says it.
TABLE_HEADINGS = [
    "Table 1. Milestones",
    "Table 2. Deliverables",
    "Call indicators",
    "Other project indicators",
    "6. Further details on cooperation cases: a) by EU clusters",
    "6. Further details on cooperation cases: b) by European SMEs",
    "6. c) Other relevant cooperation cases",
    "Communication activities (dissemination log)",
]
UNTITLED_TABLES = 4  # events, stakeholders, cases by clusters, cases by SMEs
# The section each table follows (the structure's `tables`).
TABLE_SECTIONS = {
    "Table 1. Milestones": "2. Work progress and achievements during the period",
    "Table 2. Deliverables": "3. Deliverables overview",
    "Call indicators": "1. Expected results/impact of the project",
    "6. Further details on cooperation cases: a) by EU clusters": (
        "6. Further details on cooperation cases, if applicable"
    ),
    "Communication activities (dissemination log)": (
        "8. Communication of activities and dissemination of results"
    ),
}


def headings(doc, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def test_the_docx_has_the_sections_and_tables_in_the_template_order(document, project):
    from narrative.structure import for_project

    _, doc = document
    structure = for_project(project)
    assert headings(doc, 2) == [s.heading for s in structure.sections]
    assert headings(doc, 1) == [s.group for s in structure.sections if s.group]
    assert headings(doc, 3) == TABLE_HEADINGS
    # Each table comes after its section's heading, before the next section's.
    section, under = None, {}
    for paragraph in doc.paragraphs:
        if paragraph.style.name == "Heading 2":
            section = paragraph.text
        elif paragraph.style.name == "Heading 3":
            under[paragraph.text] = section
    assert {table: under[table] for table in TABLE_SECTIONS} == TABLE_SECTIONS


def test_the_html_and_pdf_show_the_same_order_as_the_docx(document):
    import re

    from reports.render import render_html

    ctx, doc = document
    html = render_html(ctx, embed_css=False)
    shown = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, flags=re.S)]
    shown = [h.replace("&amp;", "&").replace("&#x27;", "'") for h in shown if h != "How this report was made"]
    docx_order = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2", "Heading 3")]
    assert shown == docx_order


def test_every_style_writes_in_a_font_word_and_libreoffice_both_have(document):
    from docx.oxml.ns import qn

    from reports.docx_render import STYLES

    _, doc = document
    for name in STYLES:
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Arial", name
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:hAnsiTheme")) is None, name
    body = doc.element.body.xml
    assert "Calibri" not in body and "w:asciiTheme" not in body  # no run names another font


def test_a_table_row_may_split_across_pages(document):
    """A row taller than what is left of a page continues on the next, as Word does unless told otherwise."""
    _, doc = document
    assert len(doc.tables) == len(TABLE_HEADINGS) - 1 + UNTITLED_TABLES  # 6. c) is lists, not a table
    assert "cantSplit" not in doc.element.body.xml


@pytest.fixture
def call_indicator(project):
    from kpis.catalogue import library_rule
    from kpis.models import Indicator, IndicatorSet

    indicator_set = IndicatorSet.objects.create(
        project=project, code="CALL", title="Call indicators", report_section="progress_call"
    )
    return Indicator.objects.create(
        indicator_set=indicator_set,
        code="CALL-2",
        position=2,
        title="Number of cooperation agreements",
        mode="counted",
        counting_rule=library_rule(project, "cooperation_agreements_cluster_cluster"),
        target=12,
    )


def test_a_long_counted_list_is_cut_on_paper_and_whole_in_the_xlsx(project, periods, call_indicator):
    from datetime import date

    from openpyxl import load_workbook

    from reports.common import PRINTED_NAMES
    from reports.render import render_html
    from reports.xlsx import render_xlsx
    from tests.factories import AgreementFactory

    day = date(2020, 11, 5)
    for n in range(PRINTED_NAMES + 25):
        AgreementFactory(
            project=project,
            name=f"Partner cluster {n:02d}",
            status="signed",
            signed_start=day,
            signed_end=day,
            signed_precision="day",
        )
    ctx = build_progress(project, periods[-1])

    doc = Document(io.BytesIO(render_docx(ctx)))
    call = next(t for t in doc.tables if t.rows[0].cells[0].text == "Call Indicator")
    comment = call.rows[1].cells[3].text
    assert comment.startswith("Counted: Partner cluster 00; ")
    assert comment.count("Partner cluster") == PRINTED_NAMES
    assert comment.endswith("; and 25 more (see the XLSX export or the indicator's drill-down)")
    assert "and 25 more (see the XLSX export" in render_html(ctx)
    sheet = load_workbook(io.BytesIO(render_xlsx(ctx)))["II.1 Call indicators"]
    assert sheet["D2"].value.count("Partner cluster") == PRINTED_NAMES + 25


def test_every_heading_stays_on_the_page_of_what_follows_it(document):
    """LibreOffice put 6. c)'s heading at the foot of a page and its three lists overleaf."""
    _, doc = document
    found = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "6. c) Other relevant cooperation cases" in [p.text for p in found]
    assert all(p.paragraph_format.keep_with_next for p in found)
