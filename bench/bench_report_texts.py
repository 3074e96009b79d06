"""Report texts (issue 16) against their libraries alone, measured in the same run (ratios, not times).

1. Markup: `narrative.markup.to_html` (numbers put in, Markdown, images, the nh3 sanitiser) against
   markdown-it-py alone rendering the same Markdown. The sanitiser is the price of safety. Aim: <= 2x.
2. DOCX: `reports.docx_text.Writer` (the safe HTML parsed and written as Word paragraphs, runs, lists,
   tables, hyperlinks) against python-docx alone writing the same document shape straight from Python
   (the same paragraphs with their spacing and indents, runs with their bold and italic, and the table;
   the link as a plain run). Aim: <= 1.5x: what the Writer adds is parsing the HTML, walking it and the
   link's relationship; python-docx's XML work is the same.

Runs without a database: a synthetic period's texts, shaped like ELCA's period-1 narrative (a summary,
twelve task texts with lists, a small table, links and cited numbers), repeated. Bounded in time.
Usage: `.venv/bin/python bench/bench_report_texts.py [--quick]`.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elca.settings_test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from docx import Document  # noqa: E402
from docx.shared import Mm, Pt  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from narrative.markup import to_html  # noqa: E402
from reports.docx_text import Writer  # noqa: E402

TASK = """- Analysing market opportunities in USA, Japan, India, Latin America, aiming at
  - Identifying specific regions in the already targeted markets
  - Identifying other countries in which lightweight will be relevant in next years
- For automotive, aerospace, maritime and rail sectors

During the reporting period, the consortium has **commonly developed** the methodology for the assessment of
the opportunities: [[CALL-4]] events so far, [[PRJ-1]] stakeholders reached. See
[the website](https://elcainternationalization.eu) and *the deliverable D1.1*.

| Market | Sectors | Partner |
|---|---|---|
| USA | automotive, aerospace | AMZ |
| Japan | rail | MECH |
"""
NUMBERS = {"CALL-4": 31, "PRJ-1": 256}
# The same document shape for python-docx alone.
ITEMS = [
    "Analysing market opportunities in USA, Japan, India, Latin America, aiming at",
    "Identifying specific regions in the already targeted markets",
    "Identifying other countries in which lightweight will be relevant in next years",
    "For automotive, aerospace, maritime and rail sectors",
]
RUNS = [
    ("During the reporting period, the consortium has ", False, False),
    ("commonly developed", True, False),
    (
        " the methodology for the assessment of the opportunities: 31 events so far, 256 stakeholders. See ",
        False,
        False,
    ),
    ("the website", False, False),
    (" and ", False, False),
    ("the deliverable D1.1", False, True),
    (".", False, False),
]
ROWS = [("Market", "Sectors", "Partner"), ("USA", "automotive, aerospace", "AMZ"), ("Japan", "rail", "MECH")]


def best_of(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(quick: bool) -> None:
    texts = [TASK] * (12 if quick else 60)
    repeat = 3 if quick else 5
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])

    ours = best_of(lambda: [to_html(t, numbers=NUMBERS) for t in texts], repeat)
    alone = best_of(lambda: [parser.render(t) for t in texts], repeat)
    print(f"1. markup: to_html {ours * 1000:.1f} ms, markdown-it {alone * 1000:.1f} ms: {ours / alone:.2f}x")

    safe = [to_html(t, numbers=NUMBERS) for t in texts]

    def ours_docx():
        doc = Document()
        writer = Writer(doc, {}, Mm(170), str)
        for html in safe:
            writer.write(html)

    def plain_docx():
        doc = Document()
        for _ in texts:
            for item, level in ((ITEMS[0], 0), (ITEMS[1], 1), (ITEMS[2], 1), (ITEMS[3], 0)):
                paragraph = doc.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(4)
                paragraph.paragraph_format.left_indent = Mm(6 * (level + 1))
                paragraph.paragraph_format.first_line_indent = -Mm(4)
                paragraph.add_run("• ")
                paragraph.add_run(item)
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(4)
            for text, bold, italic in RUNS:
                run = paragraph.add_run(text)
                if bold:
                    run.bold = True
                if italic:
                    run.italic = True
            table = doc.add_table(rows=0, cols=3)
            table.style = "Table Grid"
            for row in ROWS:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    run = cell.paragraphs[0].add_run(value)
                    if row is ROWS[0]:
                        run.bold = True
            doc.add_paragraph().paragraph_format.space_after = Pt(4)  # keeps two tables apart, as the Writer

    ours = best_of(ours_docx, repeat)
    alone = best_of(plain_docx, repeat)
    print(
        f"2. docx: Writer {ours * 1000:.1f} ms, python-docx alone {alone * 1000:.1f} ms: {ours / alone:.2f}x"
    )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
