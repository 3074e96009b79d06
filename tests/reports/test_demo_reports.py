"""The ELCA demo through the reports: numbers equal the KPI engine's, every D3.2 row in the PDF and the XLSX.

The demo is loaded once for this module (`elca_demo`); small-project tests live in the other modules, since
both would be the project "ELCA".
"""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from kpis.engine import as_json, build_dashboard
from reports.d32 import build_d32
from reports.progress import build_progress
from reports.render import render_pdf
from reports.xlsx import render_xlsx
from tests.reports.test_builders import table
from tests.reports.test_renderers import cell_values, formula_cells, pdf_text, squash


def shown_achieved(row: dict):
    """The engine's number as the progress report's Achieved cell shows it: blank where the period's report
    left it blank, "not reported ..." where only an earlier period reported a value."""
    if row["left_blank"]:
        return None
    if last := row["last_reported"]:
        return f"not reported for this period (last: {last['value']}, P{last['period']})"
    return row["achieved"]


@pytest.mark.usefixtures("db")
def test_demo_reports_numbers_equal_the_kpi_engine(elca_demo):
    for period in elca_demo.periods.order_by("number"):
        engine = {row["code"]: row for row in as_json(build_dashboard(elca_demo, period, with_ids=True))}
        d32 = build_d32(elca_demo, period)
        progress = build_progress(elca_demo, period)

        table0 = {row["code"]: row["cells"][4] for row in table(d32, "t0")["rows"]}
        assert table0 == {code: row["achieved"] for code, row in engine.items() if code.startswith("WP3-")}
        shown = {
            row["code"]: row["cells"][1]
            for key in ("call", "project")
            for row in table(progress, key)["rows"]
        }
        assert shown == {
            code: shown_achieved(row) for code, row in engine.items() if code[:3] in ("CAL", "PRJ")
        }
        assert {r["code"]: sorted(x["id"] for x in r["records"]) for r in progress["indicators"]} == {
            code: sorted(row["records"]) for code, row in engine.items() if code[:3] in ("CAL", "PRJ")
        }


@pytest.mark.usefixtures("db")
def test_demo_last_period_d32_has_every_source_row(elca_demo):
    last = elca_demo.periods.order_by("number").last()

    ctx = build_d32(elca_demo, last)

    counts = {t["key"]: len(t["rows"]) for t in ctx["tables"]}
    # D3.2 as written: Table 2 has 18 rows, Tables 3-6 13/11/20/10, 7-10 10/9/7/5, 11 one, 12 28 lines.
    assert counts == {
        "t0": 10,
        "t2": 18,
        "t3": 13,
        "t4": 11,
        "t5": 20,
        "t6": 10,
        "t7": 10,
        "t8": 9,
        "t9": 7,
        "t10": 5,
        "t11": 1,
        "t12": 28,
    }


@pytest.fixture
def demo_d32(elca_demo, db):
    return build_d32(elca_demo, elca_demo.periods.order_by("number").last())


def test_every_d32_demo_row_appears_in_the_pdf_and_the_xlsx(demo_d32):
    text = squash(pdf_text(render_pdf(demo_d32)))
    sheets = cell_values(render_xlsx(demo_d32))
    in_xlsx = {squash(str(v)) for rows in sheets.values() for row in rows for v in row if v is not None}

    missing_pdf, missing_xlsx = [], []
    for t in demo_d32["tables"]:
        for row in t["rows"]:
            name = str(row["cells"][1] if t["key"] in ("t0", "t11", "t12") else row["cells"][0])
            if name and squash(name) not in text:
                missing_pdf.append((t["key"], name))
            if name and squash(name) not in in_xlsx:
                missing_xlsx.append((t["key"], name))
    assert (missing_pdf, missing_xlsx) == ([], [])
    assert "Page 1 of" in text.replace("Page1of", "Page 1 of") or "Page1of" in text


def test_d32_xlsx_one_sheet_per_table_typed_and_formula_free(demo_d32):
    content = render_xlsx(demo_d32)
    book = load_workbook(io.BytesIO(content))

    assert book.sheetnames[0] == "Report" and len(book.sheetnames) == 1 + len(demo_d32["tables"])
    table0 = book["T0 Performance indicators"]
    assert [c.value for c in table0[1]] == ["#", "Title", "Description", "Total", "Achieved"]
    assert table0.freeze_panes == "A2" and table0.auto_filter.ref == "A1:E11"
    assert isinstance(table0["D2"].value, int)
    t2 = book[book.sheetnames[2]]
    assert (t2["G1"].value, t2["H1"].value) == ("Date (as written)", "Date (sortable)")
    assert any(isinstance(cell.value, date) for cell in t2["H"][1:])  # real dates where a record has a day
    assert book["Report"]["A7"].value == "Data as of" and book["Report"]["B7"].value is not None
    assert formula_cells(content) == []


def test_progress_docx_has_the_template_tables(elca_demo, db):
    from reports.docx_render import render_docx

    ctx = build_progress(elca_demo, elca_demo.periods.order_by("number").last())
    document = Document(io.BytesIO(render_docx(ctx)))

    headers = [t.rows[0].cells[0].text for t in document.tables]
    # The structure's order: I.2 milestones, I.3 deliverables, II.1 indicators, II.2 events...
    assert headers[:5] == ["Milestones to be achieved", "Del. no.", "Call Indicator", "Project Indicator", ""]
    assert document.tables[4].rows[0].cells[1].text == "EVENTS (Number)"  # events: grouped header row first
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Data as of: " in text and "Networking Cocktail (20-25.10.2022): Canada, India" in text


@pytest.mark.usefixtures("db")
def test_no_page_of_the_period1_pdf_holds_only_none_recorded(elca_demo):
    """The demo's period 1 once printed II.6 c)'s last "None recorded." alone on a page, its label on the
    page before; 6. c) now stays whole, each label with its list."""
    ctx = build_progress(elca_demo, elca_demo.periods.get(number=1))
    pages = pdf_text(render_pdf(ctx)).split("\f")
    footer = f"{ctx['meta']['acronym']} · {ctx['report_title']}"
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(footer) and not line.startswith("Page ")]
        assert body == [] or set(body) != {"None recorded."}, f"page {number}: {body}"
    other = next(p for p in pages if "6. c) Other relevant cooperation cases" in p)
    assert other.count("None recorded.") == 3  # all three groups on the page of their heading


@pytest.mark.usefixtures("db")
def test_demo_table6_rows_carry_their_dates_in_the_xlsx(demo_d32):
    """D3.2 Table 6 writes each business agreement's meeting date in Dates & Location; the XLSX's date
    columns were empty for all ten rows (they read the signature date, which none has)."""
    sheets = cell_values(render_xlsx(demo_d32))
    rows = next(rows for name, rows in sheets.items() if name.startswith("T6 "))
    header = list(rows[0])
    written = {row[0]: row[header.index("Date (as written)")] for row in rows[1:]}
    sortable = {row[0]: row[header.index("Date (sortable)")] for row in rows[1:]}
    assert written == {
        "COMPOXI": "Jan 2022",
        "ATE COMPOSITES": "Nov 2022",
        "MaiCom Quarz & EBTC": "08.09.2022",
        "A&E Produktionstechnik GmbH & EBTC": "08.09.2022",
        "PROMOTEC SRL & EBTC": None,  # "Online after matchmaking event": no date written
        "ANSER & ARIC (Aerospace Research and Innovation Center)": None,
        "MKBL ME FZE": "11.01.2022",
        "Ras Al-Khaimah Economic Free Zone": "07.02.2022",
        "TOYOINK": "Nov 2022",
        "MITSUBISHI CHEMICAL GROUP": "Nov 2022",
    }
    days = {name: value.date() for name, value in sortable.items() if value is not None}
    assert days == {
        "MaiCom Quarz & EBTC": date(2022, 9, 8),
        "A&E Produktionstechnik GmbH & EBTC": date(2022, 9, 8),
        "MKBL ME FZE": date(2022, 1, 11),
        "Ras Al-Khaimah Economic Free Zone": date(2022, 2, 7),
    }


@pytest.mark.usefixtures("db")
def test_demo_not_signed_agreements_are_not_called_dropped(demo_d32):
    """D3.2 writes "NOT SIGNED" for agreements still being prepared ("under conversation"); the Status
    column says "Not signed", never "dropped"."""
    statuses = [
        row["cells"][[c["key"] for c in t["columns"]].index("status")]
        for t in demo_d32["tables"]
        if t["key"] in ("t3", "t4", "t5", "t6")
        for row in t["rows"]
    ]
    assert set(statuses) == {"Signed", "Not signed", "To be signed"}
    baruffi = next(r for r in table(demo_d32, "t5")["rows"] if r["name"] == "Baruffi Engineering")
    assert "under conversation" in baruffi["cells"][3] and baruffi["cells"][5] == "Not signed"
