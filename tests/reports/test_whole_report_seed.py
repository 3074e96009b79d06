"""The whole period-1 report of the demo reads like the report ELCA submitted (issue 16 items 1 and 8).

The expected texts are read from the seed itself (../shared/seeds/002_*, ELCA's period-1 report, copied to
tests/reports/seeds/ so that the test runs wherever the repository is), section by
section between the seed's own headings, without the template's prompts and headings; the DOCX is read
back with python-docx and the PDF with pdftotext. Every seed paragraph must be in its section, in order.
"""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from narrative.structure import for_project
from reports.docx_render import render_docx
from reports.progress import build_progress
from reports.render import render_pdf
from tests.reports.test_renderers import pdf_text

pytestmark = pytest.mark.usefixtures("db")

# A copy of the seed in the repository (tests/reports/seeds/), so a fresh clone and CI always run this test.
SEED = Path(__file__).resolve().parent / "seeds" / "002_elca_period1_progress_report.txt"

# Per section of the structure: the seed's line after which its text starts, the line where it stops, and
# the seed lines inside that are the template's (headings, prompts), not ELCA's text.
SECTIONS = {
    "declaration": ("Name and position of Co-ordinator's Legal Representative (LEAR):", "Signature:", ()),
    "summary": ("I. SUMMARY OF PROGRESS TO DATE¹", "¹ EASME reserves the right", ()),
    "i1": ("Please provide an overview of the project objectives", "2. Work progress and achievements", ()),
    "i2": (
        "- If applicable, propose corrective actions.",
        "In addition to the above description",
        ("Work Package", "Work package", "Task "),
    ),
    "i4": ("This section should include the following:", "II. EXPECTED RESULTS/IMPACT", ("- *",)),
    "ii2": (
        'This table is "cumulative", this means, it should always show all events',
        "TARGET COUNTRIES",
        (),
    ),
    "ii7": ("Please, quantify the impact as much as possible", "8. Communication of activities", ()),
    "ii8": ("- Development of a joint branding and marketing strategy", "9. Continuity", ()),
    "ii9": ("- *Multiplier effects", "10. Please provide testimonials", ()),
}


def normalised(text: str) -> str:
    text = re.sub(r"\[([^\]]*(?:\\\][^\]]*)*)\]\([^)]*\)", r"\1", text)  # [words](link) -> words
    text = text.replace("\\(", "(").replace("\\)", ")").replace("\\", " ")
    text = re.sub(r"[•◦☐☒¹²\u00a0]", " ", text.replace("*", ""))
    text = re.sub(r"(^|\s)-(\s|$)", " ", text)  # a list's dash
    return " ".join(text.split()).lower()


def seed_paragraphs(key: str) -> list[str]:
    start, stop, template = SECTIONS[key]
    lines = SEED.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith(start)) + 1
    last = next(i for i in range(first, len(lines)) if lines[i].strip().startswith(stop))
    kept = [line.strip() for line in lines[first:last] if not line.strip().startswith(template or ("\0",))]
    return [n for n in map(normalised, kept) if n]


def docx_sections(doc, structure) -> dict[str, str]:
    """The text of each section of the DOCX: its paragraphs from its heading to the next section's."""
    by_heading = {s.heading: s.key for s in structure.sections}
    texts, current = {}, None
    for paragraph in doc.paragraphs:
        if paragraph.style.name == "Heading 2":
            current = by_heading.get(paragraph.text)
            texts[current] = ""
        elif current and paragraph.style.name != "Heading 1":
            texts[current] += " " + paragraph.text
    return {key: normalised(text) for key, text in texts.items()}


def in_order(paragraphs: list[str], text: str) -> list[str]:
    """The paragraphs not found in `text` after the previous one: [] when all are there, in order."""
    missing, at = [], 0
    for paragraph in paragraphs:
        found = text.find(paragraph, at)
        if found < 0:
            missing.append(paragraph)
        else:
            at = found + len(paragraph)
    return missing


@pytest.fixture
def period1(elca_demo):
    period = elca_demo.periods.get(number=1)
    return build_progress(elca_demo, period, report_date=date(2021, 6, 2))


def test_the_period1_docx_holds_the_seeds_texts_section_by_section(elca_demo, period1):
    doc = Document(io.BytesIO(render_docx(period1)))
    texts = docx_sections(doc, for_project(elca_demo))

    for key in SECTIONS:
        paragraphs = seed_paragraphs(key)
        assert paragraphs, key
        assert in_order(paragraphs, texts[key]) == [], key
    assert "the activities of wp 2 have not been started." in texts["i2"]
    assert texts["ii10"] == "not written."  # the seed leaves II.10 empty


def test_the_docx_and_pdf_follow_the_structures_order(elca_demo, period1):
    structure = for_project(elca_demo)
    expected = [h for s in structure.sections for h in ([s.group] if s.group else []) + [s.heading]]
    doc = Document(io.BytesIO(render_docx(period1)))
    shown = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert shown == expected
    flat = " ".join(pdf_text(render_pdf(period1)).split())
    positions = [
        flat.find(" ".join(h.split()), flat.find("Declaration by the project coordinator")) for h in expected
    ]
    assert -1 not in positions and positions == sorted(positions)
    # The texts are in the PDF: WP 2's text and the last part of I.4.
    assert "The activities of WP 2 have not been started." in flat
    assert "healthy co-operation and communication culture" in flat


def test_a_later_period_says_its_sections_are_not_written(elca_demo):
    period = elca_demo.periods.get(number=2)
    ctx = build_progress(elca_demo, period, report_date=date(2021, 12, 1))
    summary = next(s for s in ctx["sections"] if s["key"] == "summary")
    assert (summary["html"], summary["empty_text"]) == ("", "Not written.")
    doc = Document(io.BytesIO(render_docx(ctx)))
    texts = docx_sections(doc, for_project(elca_demo))
    assert texts["summary"] == "not written." and texts["ii9"] == "not written."
