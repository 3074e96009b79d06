"""Spreadsheet bombs (issue 12, security 4): a file costs what the limits allow, not what it claims.

Rows are read one at a time and the reading stops at the first limit passed; memory is asserted with
tracemalloc's peak (never wall-clock). The full-size files are measured in bench/bench_import_bombs.py.
"""

import csv
import io
import tracemalloc

import pytest
from openpyxl import Workbook

from bench.bench_import_bombs import claim_dimension
from imports import files
from imports.files import ImportFileError, read_rows
from imports.models import ImportRun
from tests.imports.helpers import csv_file, sme_rows, upload, url

HEADERS = ["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"]
MB = 1024 * 1024


def xlsx(rows, headers=HEADERS) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def peak_of(function, *args):
    """(what `function` returned or raised, the peak of Python memory it allocated)."""
    tracemalloc.start()
    try:
        try:
            outcome = function(*args)
        except ImportFileError as exc:
            outcome = exc
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_claimed_dimension_is_ignored_and_rows_are_as_long_as_their_cells():
    # 1,000 rows x 16,384 columns claimed; openpyxl padded every row (and the missing ones) to the claim.
    bomb = claim_dimension(xlsx(sme_rows(2)), "A1:XFD1000", last_row=1000)

    (headers, values, _), peak = peak_of(read_rows, bomb, "bomb.xlsx")

    assert len(bomb) < 10_000
    assert (headers, [len(row) for row in values]) == (HEADERS, [6, 6, 6])
    assert peak < 2 * MB


def test_a_sheet_going_on_past_the_rows_allowed_is_refused_cheaply(monkeypatch):
    # The bomb in miniature: a cell in a far row, every row between made up by openpyxl.
    monkeypatch.setattr(files, "MAX_SHEET_ROWS", 1_000, raising=False)
    bomb = claim_dimension(xlsx(sme_rows(2)), "A1:XFD1005", last_row=1_005)

    error, peak = peak_of(read_rows, bomb, "bomb.xlsx")

    assert str(error) == (
        "'bomb.xlsx' goes on past row 1000 (blank rows count here too); import at most 20000 rows at a "
        "time, without blank rows between them"
    )
    assert peak < 2 * MB


@pytest.mark.parametrize(("build", "name"), [(xlsx, "rows.xlsx"), (csv_bytes, "rows.csv")])
def test_a_file_over_the_row_limit_is_refused_after_reading_just_past_it(monkeypatch, build, name):
    monkeypatch.setattr(files, "MAX_ROWS", 500)
    data = build(sme_rows(20_000))  # reading it whole cost 25 MB (XLSX) and 15 MB (CSV)
    peak_of(read_rows, data, name)  # what is loaded once per process (translations, parsers) loaded here

    error, peak = peak_of(read_rows, data, name)

    assert str(error) == f"'{name}' has more than 500 rows; import at most 500 at a time"
    # What 500 rows cost, and for XLSX the workbook's shared strings (read whole by openpyxl, bounded by
    # the file's size): 2.5 MB and 0.3 MB measured.
    assert peak < 4 * MB


@pytest.mark.parametrize(("build", "name"), [(xlsx, "wide.xlsx"), (csv_bytes, "wide.csv")])
def test_a_header_row_wider_than_the_cap_is_refused(build, name):
    headers = [*HEADERS, *(f"Extra {n}" for n in range(files.MAX_COLUMNS - len(HEADERS) + 1))]

    with pytest.raises(ImportFileError) as error:
        read_rows(build(sme_rows(1), headers), name)

    assert str(error.value) == (
        f"'{name}' has more than 200 columns; keep the template's columns (and a few of your own)"
    )


def test_a_csv_cell_longer_than_the_bound_is_refused():
    data = csv_bytes([["R1", "x" * (files.MAX_FIELD_CHARS + 1), "MAV", "Org", "signed", ""]])

    with pytest.raises(ImportFileError) as error:
        read_rows(data, "long.csv")

    assert str(error.value) == "'long.csv' has a cell of more than 100000 characters (row 2)"


def test_a_csv_in_windows_encoding_with_a_byte_order_mark_less_header_still_reads():
    data = "Reference;Name;Responsible\nR1;Caf\xe9;MAV\n".encode("cp1252")

    headers, values, _ = read_rows(data, "win.csv")

    assert (headers, values) == (["Reference", "Name", "Responsible"], [["R1", "Caf\xe9", "MAV"]])


@pytest.mark.django_db
def test_each_step_parses_the_file_once(client, monkeypatch, mav, mav_staff):
    parsed = []
    real = files._csv_rows
    monkeypatch.setattr(files, "_csv_rows", lambda data, name: parsed.append(name) or real(data, name))
    client.force_login(mav_staff)

    upload(client, csv_file(sme_rows(3)))  # the form's check, the run, the columns check, the preview
    run = ImportRun.objects.get()
    assert (run.status, run.problems, parsed) == ("previewed", [], ["agreements.csv"])

    client.post(url("import_confirm", run.pk))
    run.refresh_from_db()
    assert (run.status, run.created, parsed) == ("applied", 3, ["agreements.csv"] * 2)
