"""The one spreadsheet-safety helper: every field start a spreadsheet could split off is guarded (R11).

A CSV written with commas is split on semicolons by Excel in the partners' locales, so `Workshop;=2+5`
arrives as "Workshop" and a live formula "=2+5" unless the field start after the separator is guarded.
Every CSV/XLSX writer (list exports, report XLSX, import templates) asks the same helper.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from agreements.models import Agreement
from imports.template import workbook_bytes
from reports.xlsx import SheetWriter
from tests.factories import AgreementFactory
from workspace.spreadsheet import FORMULA_START, csv_bytes, csv_text, is_risky

HOSTILE = [
    "Workshop;=2+5",
    "Workshop,=2+5",
    "Workshop; =2+5",
    "Workshop\t@SUM(A1)",
    "a|+cmd",
    'line one\n=HYPERLINK("http://evil")',
    "=1+1",
    "-2+3",
]
HARMLESS = ["Workshop 2021", "Cluster-Cluster MoU", "3 + 4 = 7", "a; b, c", ""]


def fields_after_any_split(field: str) -> list[str]:
    """What a spreadsheet would make of one CSV field if it split on any separator, quotes ignored."""
    parts = [field]
    for separator in ",;\t|\n\r":
        parts = [piece for part in parts for piece in part.split(separator)]
    return [piece.strip(' \u00a0"') for piece in parts]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_field_start_of_hostile_text_is_guarded_in_csv(text):
    guarded = csv_text(text)

    assert is_risky(text)
    assert not [f for f in fields_after_any_split(guarded) if f.startswith(FORMULA_START[:4])]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_written_as_typed(text):
    assert not is_risky(text)
    assert csv_text(text) == text


def test_csv_quotes_every_field_so_a_semicolon_locale_keeps_the_cell_whole():
    content = csv_bytes([["Name", "Kind"], ["Workshop;=2+5", "national"]]).decode("utf-8-sig")

    # Read with semicolons, as Excel does in a German or Polish locale: the quoted name is not split.
    semicolon_rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert semicolon_rows[1] == ['Workshop;\'=2+5,"national"']
    assert list(csv.reader(io.StringIO(content)))[1] == ["Workshop;'=2+5", "national"]


def test_list_export_guards_a_formula_after_a_semicolon(client, mav_staff, project, mav):
    AgreementFactory(project=project, name="Workshop;=2+5", responsible=[mav])
    client.force_login(mav_staff)

    response = client.get(reverse("agreements:agreement_list"), {"export": "csv"})

    name = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1][0]
    assert name == "Workshop;'=2+5"
    assert not [f for f in fields_after_any_split(name) if f.startswith("=")]


def test_list_export_xlsx_quote_prefixes_text_risky_after_a_separator(client, mav_staff, project, mav):
    AgreementFactory(project=project, name="Workshop;=2+5", responsible=[mav])
    client.force_login(mav_staff)

    response = client.get(reverse("agreements:agreement_list"), {"export": "xlsx"})

    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("Workshop;=2+5", "s", True)


def test_report_xlsx_quote_prefixes_text_risky_after_a_separator():
    sheet = Workbook(write_only=True).create_sheet("T")

    cell = SheetWriter(sheet).text("Workshop;=2+5")

    assert (cell.value, cell.data_type, cell.quotePrefix) == ("Workshop;=2+5", "s", True)


def test_import_template_with_records_quote_prefixes_risky_text(project, mav, coordinator):
    AgreementFactory(
        project=project, kind="cluster_cluster", name="Workshop;=2+5", external_ref="T3-1", responsible=[mav]
    )
    content = workbook_bytes(
        "cluster-cluster-agreements", project, queryset=Agreement.objects.all(), user=coordinator
    )

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    names = {c.value: c for row in sheet.iter_rows() for c in row}
    cell = names["Workshop;=2+5"]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
