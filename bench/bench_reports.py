"""Report renderers against their libraries alone, measured in the same run (ratios, not absolute times).

1. D3.2 PDF: `render_pdf(ctx)` (template + print stylesheet + our URL fetcher + WeasyPrint) against
   WeasyPrint alone rendering the same HTML with the same stylesheet. Aim: <= 1.3x.
2. XLSX: `render_xlsx(ctx)` (typed, styled, formula-safe cells) against openpyxl write-only appending the
   same values. Aim: <= 1.3x. And memory: the peak (tracemalloc) at 10k and 100k rows; flat means the
   100k peak is not ten times the 10k one (what grows is the file itself and the shared-strings table).

Runs without a database: the report context is synthetic, shaped like the D3.2 builder's. Bounded in
time (about two minutes on two busy cores; `--quick` for a smoke run).
Usage: `.venv/bin/python bench/bench_reports.py [--quick]`.
"""

import io
import os
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elca.settings_test")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

from agreements.models import Agreement, Engagement  # noqa: E402
from consortium.dates import format_date  # noqa: E402
from reports.d32 import _columns, _table0  # noqa: E402
from reports.render import BASE_URL, StaticOnlyFetcher, print_css_path, render_html, render_pdf  # noqa: E402
from reports.xlsx import render_xlsx  # noqa: E402

DEADLINE_SECONDS = 240
TEXT = (
    "German-wide network of developers, producers and manufacturing companies, which focus on new "
    "composite materials; joint information events, involvement of experts, participation at missions."
)


def synthetic_d32(rows: int) -> dict:
    """A D3.2-shaped context with `rows` record rows spread over an engagement and an agreement table."""
    day = date(2021, 1, 1)
    engagement_cols, agreement_cols = _columns(Engagement, 2), _columns(Agreement, 3)
    half = rows // 2
    engagement_rows = [
        {
            "cells": [
                f"Cluster {n} (DE)",
                "AMZ",
                TEXT,
                f"{format_date(day + timedelta(days=n % 700))} Dresden",
                TEXT,
                f"D3.2-T2-{n}",
                day,
                day + timedelta(days=n % 700),
            ],
            "id": n,
            "model": "x",
        }
        for n in range(half)
    ]
    agreement_rows = [
        {
            "cells": [
                f"=Agreement {n}" if n % 100 == 0 else f"Agreement {n}",  # 1 in 100 hostile
                "MAV",
                TEXT,
                "20.10.2022 SIGNED",
                "20.10.2022",
                "Signed",
                f"D3.2-T3-{n}",
                "20.10.2022",
                day,
            ],
            "id": n,
            "model": "y",
        }
        for n in range(rows - half)
    ]
    table = {"total_text": "12 in total", "landscape": True, "notes": []}
    return {
        "kind": "d32",
        "report_title": "D3.2 Cross-fertilisation results",
        "meta": {
            "acronym": "ELCA",
            "title": "European Lightweight Cluster Alliance",
            "grant_number": "951158",
            "programme": "COSME",
            "call_identifier": "",
            "call_title": "",
            "period_number": 5,
            "period_start": date(2022, 9, 1),
            "period_end": date(2022, 12, 31),
            "period_months": "M25-M28",
            "is_current_period": True,
            "data_as_of": timezone.now(),
        },
        "engine": True,
        "indicators": [],
        "chart_svg": "",
        "notes": ["Synthetic data for the benchmark."],
        "tables": [
            # Table 0 first, as the builder puts it (the template prints tables[0] as Table 0).
            _table0({"indicators": []}),
            table
            | {
                "key": "t2",
                "number": 2,
                "title": "Table 2. Clusters",
                "sheet": "T2",
                "heading": "Name",
                "columns": engagement_cols,
                "rows": engagement_rows,
            },
            table
            | {
                "key": "t3",
                "number": 3,
                "title": "Table 3. Agreements",
                "sheet": "T3",
                "heading": "Name",
                "columns": agreement_cols,
                "rows": agreement_rows,
            },
        ],
    }


def paired(runs: int, ours, baseline) -> tuple[float, float]:
    """Best time of each over `runs` alternating rounds, so both meet the same load on a shared machine."""
    best_ours = best_base = float("inf")
    for _ in range(runs):
        for fn, which in ((ours, "ours"), (baseline, "base")):
            start = time.perf_counter()
            fn()
            spent = time.perf_counter() - start
            if which == "ours":
                best_ours = min(best_ours, spent)
            else:
                best_base = min(best_base, spent)
    return best_ours, best_base


def weasyprint_alone(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL).write_pdf(stylesheets=[CSS(filename=str(print_css_path()))])


def openpyxl_alone(ctx: dict) -> bytes:
    wb = Workbook(write_only=True)
    for table in ctx["tables"]:
        ws = wb.create_sheet(table["sheet"])
        ws.append([c["label"] for c in table["columns"]])
        for row in table["rows"]:
            ws.append(row["cells"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main(quick: bool) -> int:
    started = time.perf_counter()
    pdf_rows, xlsx_rows, memory_rows = (
        (60, 2_000, (2_000, 20_000)) if quick else (150, 10_000, (10_000, 100_000))
    )

    ctx = synthetic_d32(pdf_rows)
    html = render_html(ctx, embed_css=False)
    assert StaticOnlyFetcher  # the fetcher is part of what render_pdf pays for
    ours, alone = paired(3, lambda: render_pdf(ctx), lambda: weasyprint_alone(html))
    pdf_ratio = ours / alone
    print(
        f"D3.2 PDF, {pdf_rows} rows: render_pdf {ours:.2f} s, WeasyPrint alone {alone:.2f} s, "
        f"ratio {pdf_ratio:.2f}x (aim <= 1.3x)"
    )

    ctx = synthetic_d32(xlsx_rows)
    ours, alone = paired(5, lambda: render_xlsx(ctx), lambda: openpyxl_alone(ctx))
    xlsx_ratio = ours / alone
    print(
        f"XLSX, {xlsx_rows} rows: render_xlsx {ours:.2f} s, openpyxl alone {alone:.2f} s, "
        f"ratio {xlsx_ratio:.2f}x (aim <= 1.3x)"
    )

    if time.perf_counter() - started > DEADLINE_SECONDS:
        # A loaded machine: stop rather than run for ever; the ratios above are already measured.
        print(f"memory step skipped: over {DEADLINE_SECONDS} s already (machine busy)")
        return 0
    small, big = memory_rows
    peaks = []
    for rows in memory_rows:
        ctx = synthetic_d32(rows)
        baseline = peak_mib(lambda ctx=ctx: None)
        peaks.append(peak_mib(lambda ctx=ctx: render_xlsx(ctx)) - baseline)
    growth = peaks[1] / peaks[0]
    print(
        f"XLSX memory beyond the data: {peaks[0]:.1f} MiB at {small} rows, {peaks[1]:.1f} MiB at {big} rows "
        f"({growth:.1f}x for {big // small}x the rows)"
    )
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main("--quick" in sys.argv))
