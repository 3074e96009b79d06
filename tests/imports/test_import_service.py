"""Spreadsheet import: all or nothing, every problem named by row and column, nothing imported twice."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from consortium.models import Organisation
from imports.files import ImportFileError
from imports.service import run_import
from imports.template import workbook_bytes
from organisations.lookups import similar_organisations
from tests.factories import AgreementFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("db")

HEADERS = ["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"]


def csv_bytes(rows, headers=HEADERS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def sme_rows(count, partner="MAV"):
    return [
        [f"R{n}", f"SME {n}", partner, f"Company {n}", "signed", "04.02.2022"] for n in range(1, count + 1)
    ]


def imported(project, user, data, **options):
    defaults = {"kind": "sme-sme-agreements", "filename": "agreements.csv", "dry_run": False}
    return run_import(project=project, user=user, data=data, **(defaults | options))


def test_a_clean_file_is_imported_with_partners_dates_and_organisations(project, mav, coordinator):
    report = imported(project, coordinator, csv_bytes(sme_rows(3)))

    assert (report.ok, report.created, report.written) == (True, 3, True)
    agreement = Agreement.objects.get(project=project, external_ref="R2")
    assert (agreement.kind, agreement.status, str(agreement.signed_date)) == (
        "sme_sme",
        "signed",
        "04.02.2022",
    )
    assert list(agreement.responsible.values_list("short_name", flat=True)) == ["MAV"]
    assert agreement.organisation.name == "Company 2"
    assert agreement.history.first().history_change_reason == "import of agreements.csv"


def test_one_bad_cell_among_500_rows_writes_nothing_and_names_row_and_column(project, mav, coordinator):
    rows = sme_rows(500)
    rows[5][2] = "MAVV"  # spreadsheet row 7 (the header is row 1)

    report = imported(project, coordinator, csv_bytes(rows))

    assert Agreement.objects.filter(project=project).count() == 0
    assert Organisation.objects.filter(project=project).count() == 0
    assert report.written is False
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (7, "Responsible", "'MAVV' is not a partner of ELCA; did you mean 'MAV'?")
    ]
    assert "row 7, column 'Responsible'" in "\n".join(report.lines())


def test_importing_the_same_file_twice_creates_no_duplicates(project, mav, coordinator):
    data = csv_bytes(sme_rows(4))

    first = imported(project, coordinator, data)
    second = imported(project, coordinator, data)

    assert (first.created, second.created, second.skipped) == (4, 0, 4)
    assert Agreement.objects.filter(project=project).count() == 4
    assert Organisation.objects.filter(project=project).count() == 4


def test_update_is_an_explicit_choice(project, mav, amz, coordinator):
    imported(project, coordinator, csv_bytes(sme_rows(1)))
    changed = csv_bytes([["R1", "SME 1", "MAV, AMZ", "Company 1", "signed", "Nov 2022"]])

    added_only = imported(project, coordinator, changed)
    updated = imported(project, coordinator, changed, update=True)

    assert (added_only.skipped, updated.updated) == (1, 1)
    agreement = Agreement.objects.get(project=project, external_ref="R1")
    assert str(agreement.signed_date) == "Nov 2022"
    assert sorted(agreement.responsible.values_list("short_name", flat=True)) == ["AMZ", "MAV"]


def test_organisations_are_matched_ignoring_case_and_accents(project, mav, coordinator):
    existing = OrganisationFactory(project=project, name="Clúster Automoción")

    imported(project, coordinator, csv_bytes([["R1", "Deal", "MAV", "CLUSTER automocion", "signed", ""]]))

    assert Agreement.objects.get(external_ref="R1").organisation == existing
    assert Organisation.objects.filter(project=project).count() == 1


def test_import_matches_an_organisation_the_form_calls_similar(project, mav, coordinator):
    # One normaliser for both (issue 13): "MAV Spain" in a file is the directory's "MAV-Spain", as the
    # form's "similar organisation" check says; before, the import created a duplicate.
    existing = OrganisationFactory(project=project, name="MAV-Spain", country="")
    assert similar_organisations(project, "MAV Spain", "") == [existing]

    imported(project, coordinator, csv_bytes([["R1", "Deal", "MAV", "MAV Spain", "signed", ""]]))

    assert Agreement.objects.get(external_ref="R1").organisation == existing
    assert Organisation.objects.filter(project=project).count() == 1


@pytest.mark.parametrize(
    ("cell", "column", "message"),
    [
        ("31.02.2022", "Signature date", "'31.02.2022' is not a date"),
        ("maybe", "Status", "'maybe' is not a status (use one of: identified, negotiating"),
    ],
)
def test_bad_values_are_named_in_the_users_terms(project, mav, coordinator, cell, column, message):
    row = ["R1", "Deal", "MAV", "Org", "signed", "04.02.2022"]
    row[HEADERS.index(column)] = cell

    report = imported(project, coordinator, csv_bytes([row]))

    assert [(p.row, p.column) for p in report.problems] == [(2, column)]
    assert report.problems[0].message.startswith(message)
    assert Agreement.objects.count() == 0


def test_d32_column_names_are_recognised(project, mav, coordinator):
    headers = ["Reference", "Name", "Responsible", "Description", "Date of agreement", "Status"]
    data = csv_bytes([["R1", "IMA", "MAV", "Close contact", "2021", "SIGNED"]], headers)

    report = imported(project, coordinator, data)

    assert report.created == 1
    assert str(Agreement.objects.get(external_ref="R1").signed_date) == "2021"


def test_partner_staff_import_their_own_partners_records_only(project, mav, amz, mav_staff, viewer):
    own = imported(project, mav_staff, csv_bytes(sme_rows(2, "MAV")))
    others = imported(project, mav_staff, csv_bytes([["X1", "Not mine", "AMZ", "Org", "signed", ""]]))
    read_only = imported(project, viewer, csv_bytes([["X2", "Viewer's", "MAV", "Org", "signed", ""]]))

    assert own.created == 2
    assert others.problems[0].message == "you may import records of MAV only, not of AMZ"
    assert read_only.problems[0].message == "you may not import into ELCA (read-only access)"
    assert Agreement.objects.filter(project=project).count() == 2


def test_staff_cannot_overwrite_another_partners_record_by_its_reference(project, amz, mav, mav_staff):
    AgreementFactory(project=project, kind="sme_sme", external_ref="R1", name="AMZ's", responsible=[amz])

    report = imported(project, mav_staff, csv_bytes(sme_rows(1)), update=True)

    assert "the record is not MAV's" in report.problems[0].message
    assert Agreement.objects.get(external_ref="R1").name == "AMZ's"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is neither an Excel (.xlsx) nor a CSV file"),
        (b"PK\x03\x04 not really a zip", "is neither an Excel"),
        (b"Name,Status\nX,signed\n", "has no column for 'Reference', 'Responsible'"),
        (b"x" * (10 * 1024 * 1024 + 1), "the limit is 10 MB"),
    ],
)
def test_unreadable_files_get_a_clear_message(project, mav, coordinator, data, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        imported(project, coordinator, data)
    assert Agreement.objects.count() == 0


def test_a_damaged_xlsx_is_refused(project, mav, coordinator):
    good = workbook_bytes("sme-sme-agreements", project)
    broken = good[: len(good) // 2]

    with pytest.raises(ImportFileError, match="neither an Excel|cannot be read"):
        imported(project, coordinator, broken, filename="broken.xlsx")


def test_formula_cells_are_refused_and_nothing_is_written(project, mav, coordinator):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["R1", "Fine", "MAV", "Org", "signed", "2021"])
    sheet.append(["R2", '=HYPERLINK("http://evil")', "MAV", "Org", "signed", "2021"])
    buffer = io.BytesIO()
    book.save(buffer)

    report = imported(project, coordinator, buffer.getvalue(), filename="formulas.xlsx")

    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (3, "Name", "the cell holds a formula; type the value instead")
    ]
    assert Agreement.objects.count() == 0


def test_command_prints_the_preview_and_fails_on_problems(project, mav, coordinator, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["R1", "Deal", "MAVV", "Org", "signed", ""]]))

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_records", "ELCA", "sme-sme-agreements", str(bad), "--as", "coordinator")

    assert "row 2, column 'Responsible'" in capsys.readouterr().out
    assert Agreement.objects.count() == 0


def test_a_header_in_any_of_the_six_languages_is_recognised_whatever_the_pages_language(project):
    """A template downloaded by a German partner, uploaded by a Polish one: its headers are German labels."""
    from django.conf import settings
    from django.utils import translation

    from imports.files import recognised
    from imports.kinds import DESCRIPTION, NAME, _agreement_kind

    kind = _agreement_kind("cooperation", "Cooperation agreements")
    headers = [NAME.header, DESCRIPTION.header]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels = [NAME.label, DESCRIPTION.label]
        if code != settings.LANGUAGE_CODE:
            assert labels != headers, f"the {code} catalogue lacks the column labels"
        with translation.override("pl"):
            assert [recognised(kind, label.upper()) for label in labels] == headers
