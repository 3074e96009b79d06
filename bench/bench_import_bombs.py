"""S4 (issue 12): what parsing an import file costs, before and after streaming with bounds.

Builds three files, then parses each with `read_rows` twice in this same run: with the parser as it was
(kpis/imports/files.py at BEFORE, read from git) and as it is now:

- dimension bomb: a valid XLSX of a header, two rows and one cell in the sheet's last row (1,048,576),
  whose sheet claims `<dimension ref="A1:XFD1048576"/>`: openpyxl's read-only mode pads every row to the
  claimed 16,384 cells and makes up the million missing rows;
- 200,000-row XLSX and 200,000-row CSV (ten times the row limit, under the 10 MB upload limit).

Each parse runs in its own process (fresh memory), twice: once for seconds, once under tracemalloc for the
peak of Python allocations; the process's peak RSS is printed too. The "before" processes run under an
address-space limit (RLIMIT_AS, 3 GB) and a time limit, so the bomb cannot take the machine down.

    .venv/bin/python bench/bench_import_bombs.py
"""

import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = "3d6a13e"  # the last commit with the parser that read a whole file before checking it
HEADERS = ["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"]
ROWS = 200_000
AS_LIMIT = 3 * 1024**3
TIME_LIMIT = 300


def dimension_bomb() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["R1", "SME 1", "MAV", "Company 1", "signed", "04.02.2022"])
    sheet.append(["R2", "SME 2", "MAV", "Company 2", "signed", "04.02.2022"])
    buffer = io.BytesIO()
    book.save(buffer)
    return claim_dimension(buffer.getvalue(), "A1:XFD1048576")


def claim_dimension(data: bytes, ref: str, last_row: int | None = 1_048_576) -> bytes:
    """The same workbook, its first sheet claiming `ref` as its dimension, with one cell in `last_row`
    (the rows between are missing from the file, and openpyxl makes them up)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), part)
                if last_row:
                    cell = f'<row r="{last_row}"><c r="A{last_row}"><v>1</v></c></row></sheetData>'
                    part = part.replace(b"</sheetData>", cell.encode())
            target.writestr(info.filename, part)
    return out.getvalue()


def big_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(1, rows + 1):
        sheet.append([f"R{n}", f"SME {n}", "MAV", f"Company {n % 500}", "signed", "04.02.2022"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def big_csv(rows: int) -> bytes:
    lines = [",".join(HEADERS)]
    lines += [f"R{n},SME {n},MAV,Company {n % 500},signed,04.02.2022" for n in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


def parser(which: str):
    """read_rows as it is (after) or as it was at BEFORE (loaded from git under another module name)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    if which == "after":
        from imports import files

        return files.read_rows, files.ImportFileError
    import importlib.util

    source = subprocess.run(  # noqa: S603 - git on this repository
        ["git", "show", f"{BEFORE}:kpis/imports/files.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "files_before.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("imports.files_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_rows, module.ImportFileError


def one(path: str, which: str, measure: str) -> dict:
    """Runs in a child process: parse the file once, return what happened."""
    if which == "before":
        resource.setrlimit(resource.RLIMIT_AS, (AS_LIMIT, AS_LIMIT))
    read_rows, refused = parser(which)
    data = Path(path).read_bytes()
    if measure == "memory":
        tracemalloc.start()
    started = time.perf_counter()
    try:
        headers, values, _ = read_rows(data, Path(path).name)
        outcome = f"read: {len(values)} rows x {len(headers)} columns"
    except refused as exc:
        outcome = f"refused: {exc}"
    except MemoryError:
        outcome = f"MemoryError (address space limited to {AS_LIMIT // 1024**3} GB)"
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if measure == "memory" else None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"outcome": outcome, "seconds": seconds, "peak": peak, "rss": rss}


def run(path: Path, which: str, measure: str) -> dict:
    command = [sys.executable, __file__, "--one", str(path), which, measure]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIME_LIMIT)  # noqa: S603
    except subprocess.TimeoutExpired:
        return {
            "outcome": f"still parsing after {TIME_LIMIT} s (killed)",
            "seconds": TIME_LIMIT,
            "peak": None,
        }
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"outcome": f"died (exit {done.returncode}): {done.stderr.strip()[-200:]}", "seconds": None}
    return json.loads(lines[-1])


def main():
    workdir = Path(tempfile.mkdtemp(prefix="import-bombs-"))
    files = {
        "dimension bomb (XLSX)": dimension_bomb(),
        f"{ROWS:,}-row XLSX": big_xlsx(ROWS),
        f"{ROWS:,}-row CSV": big_csv(ROWS),
    }
    print("| file | bytes | parser | outcome | seconds | tracemalloc peak | peak RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, data in files.items():
        path = workdir / (
            "dimension-bomb.xlsx" if "bomb" in name else "rows.xlsx" if "XLSX" in name else "rows.csv"
        )
        path.write_bytes(data)
        for which in ("before", "after"):
            timed = run(path, which, "time")
            memory = run(path, which, "memory")
            seconds = f"{timed['seconds']:.2f}" if timed.get("seconds") is not None else "-"
            peak = f"{memory['peak'] / 1024**2:,.1f} MB" if memory.get("peak") else "-"
            rss = f"{timed['rss'] / 1024**2:,.0f} MB" if timed.get("rss") else "-"
            outcome = timed["outcome"][:110]
            print(
                f"| {name} | {len(data):,} | {which} | {outcome} | {seconds} | {peak} | {rss} |", flush=True
            )


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2], sys.argv[3], sys.argv[4])))
    else:
        main()
