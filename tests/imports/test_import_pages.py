"""The import pages: upload, columns, preview, confirm; nothing written before confirm."""

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from agreements.models import Agreement
from consortium.models import Organisation
from imports.models import ImportMapping, ImportRun
from tests.factories import AgreementFactory
from tests.imports.helpers import csv_file, sme_rows, upload, url

pytestmark = pytest.mark.usefixtures("db")


def test_staff_upload_previews_and_writes_nothing_until_confirmed(client, project, mav, mav_staff):
    client.force_login(mav_staff)

    response = upload(client, csv_file(sme_rows(3)))

    run = ImportRun.objects.get()
    assert response.url == run.get_absolute_url()
    assert (run.status, run.rows, run.created, run.problems) == ("previewed", 3, 3, [])
    assert Agreement.objects.count() == 0
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Import 3 rows now" in page

    client.post(url("import_confirm", run.pk))

    run.refresh_from_db()
    assert (run.status, bytes(run.data)) == ("applied", b"")
    agreements = Agreement.objects.filter(project=project).order_by("external_ref")
    assert [a.external_ref for a in agreements] == ["R1", "R2", "R3"]
    assert sorted(run.created_ids) == sorted(a.pk for a in agreements)
    assert agreements[0].history.first().history_change_reason == f"import #{run.pk} agreements.csv"
    result = client.get(run.get_absolute_url()).content.decode()
    assert f'href="{agreements[0].get_absolute_url()}"' in result


def test_preview_names_row_column_value_and_a_suggestion(client, project, mav, mav_staff):
    rows = sme_rows(5)
    rows[3][2] = "MAVV"  # spreadsheet row 5
    client.force_login(mav_staff)

    upload(client, csv_file(rows))

    run = ImportRun.objects.get()
    assert run.problems == [
        [5, "Responsible", "MAVV", "'MAVV' is not a partner of ELCA; did you mean 'MAV'?"]
    ]
    page = html.unescape(client.get(run.get_absolute_url()).content.decode())
    assert "row 5, column 'Responsible': 'MAVV' is not a partner of ELCA; did you mean 'MAV'?" in page
    assert "Import 5 rows now" not in page
    assert client.post(url("import_confirm", run.pk)).status_code == 302
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00binary", "is neither an Excel (.xlsx) nor a CSV file"),
        ("broken.xlsx", b"PK\x03\x04garbage", "is neither an Excel"),
        ("empty.csv", b"", "The submitted file is empty."),
    ],
)
def test_wrong_files_are_refused_before_anything_is_stored(
    client, project, mav, mav_staff, name, content, message
):
    client.force_login(mav_staff)

    response = upload(client, SimpleUploadedFile(name, content))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_file_over_the_limit_is_refused_by_its_size(client, project, mav, mav_staff, monkeypatch):
    monkeypatch.setattr("imports.forms.MAX_BYTES", 100)
    client.force_login(mav_staff)

    response = upload(client, csv_file(sme_rows(20)))

    assert "the limit is 0 MB" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_add_or_update_must_be_chosen(client, project, mav, mav_staff):
    client.force_login(mav_staff)

    response = client.post(url("import"), {"kind": "sme-sme-agreements", "file": csv_file(sme_rows(1))})

    assert "Choose whether existing rows are left alone or updated." in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_chosen_file_sent_back_by_another_field_is_named_not_silently_dropped(
    client, project, mav, mav_staff
):
    client.force_login(mav_staff)

    response = client.post(
        url("import"), {"kind": "sme-sme-agreements", "file": csv_file(sme_rows(1), name="deals.csv")}
    )

    form = response.context["form"]
    assert form.errors["file"] == [
        "Choose 'deals.csv' again once the above is fixed: the file was read but not kept."
    ]
    assert "Choose &#x27;deals.csv&#x27; again" in response.content.decode()


def test_update_mode_changes_existing_rows_add_mode_skips_them(client, project, mav, mav_staff):
    AgreementFactory(project=project, kind="sme_sme", external_ref="R1", name="Old", responsible=[mav])
    client.force_login(mav_staff)

    upload(client, csv_file(sme_rows(1)), mode="add")
    upload(client, csv_file(sme_rows(1)), mode="update")

    add, update = ImportRun.objects.order_by("pk")
    assert (add.created, add.updated, add.skipped) == (0, 0, 1)
    assert (update.created, update.updated, update.skipped) == (0, 1, 0)


def test_unknown_headers_lead_to_the_columns_step_and_the_mapping_is_remembered(
    client, project, mav, mav_staff
):
    headers = ["Ref", "Title", "Partner", "Counterpart", "Stage", "Notes"]
    rows = [["R1", "Deal", "MAV", "Org", "signed", "x"]]
    client.force_login(mav_staff)

    response = upload(client, csv_file(rows, headers))

    run = ImportRun.objects.get()
    assert response.url == url("import_columns", run.pk)
    form = client.get(response.url).context["form"]
    assert [form[f"column_{i}"].initial for i in range(6)] == [
        "Reference", "Name", "Responsible", "Organisation", "", "",
    ]  # fmt: skip
    chosen = {"column_0": "Reference", "column_1": "Name", "column_2": "Responsible"}
    chosen |= {"column_3": "Organisation", "column_4": "Status", "column_5": ""}
    client.post(response.url, chosen)

    run.refresh_from_db()
    assert (run.status, run.created, run.problems, run.unused_columns) == ("previewed", 1, [], ["Notes"])
    assert ImportMapping.objects.get(project=project, kind="sme-sme-agreements").mapping["Stage"] == "Status"

    again = upload(client, csv_file([["R2", "Deal 2", "MAV", "Org", "signed", ""]], headers))

    second = ImportRun.objects.latest("pk")
    assert again.url == second.get_absolute_url()  # remembered: straight to the preview
    assert (second.created, second.problems) == (1, [])


def test_columns_step_refuses_two_columns_for_one_and_a_missing_required_one(client, project, mav, mav_staff):
    client.force_login(mav_staff)
    upload(client, csv_file([["R1", "Deal", "MAV", "x"]], ["Ref", "Title", "Partner", "Stage"]))
    run = ImportRun.objects.get()

    response = client.post(
        url("import_columns", run.pk),
        {"column_0": "Reference", "column_1": "Reference", "column_2": "Responsible", "column_3": ""},
    )

    assert "'Ref' already goes to 'Reference'" in html.unescape(response.content.decode())
    run.refresh_from_db()
    assert run.status == "uploaded"


def test_cancel_discards_the_file(client, project, mav, mav_staff):
    client.force_login(mav_staff)
    upload(client, csv_file(sme_rows(2)))
    run = ImportRun.objects.get()

    client.post(url("import_cancel", run.pk))

    run.refresh_from_db()
    assert (run.status, bytes(run.data)) == ("cancelled", b"")
    assert client.post(url("import_confirm", run.pk)).status_code == 302
    assert Agreement.objects.count() == 0


def test_organisations_in_the_file_are_matched_not_duplicated(client, project, mav, mav_staff):
    Organisation.objects.create(project=project, name="Company 1")
    client.force_login(mav_staff)
    upload(client, csv_file(sme_rows(2)))

    client.post(url("import_confirm", ImportRun.objects.get().pk))

    assert sorted(Organisation.objects.values_list("name", flat=True)) == ["Company 1", "Company 2"]
    assert ImportRun.objects.get().created_organisations == [Organisation.objects.get(name="Company 2").pk]


@pytest.mark.parametrize("kind", ["sector-involvements", "participants", "missions"])
def test_template_download_has_the_columns_and_their_guide(client, project, mav, viewer, kind):
    client.force_login(viewer)

    response = client.get(url("import_template", kind))

    book = load_workbook(io.BytesIO(response.content))
    assert response["Content-Disposition"] == f'attachment; filename="ELCA-{kind}-template.xlsx"'
    assert book.sheetnames[1] == "Columns"
    assert book.worksheets[0]["A1"].value in {"Reference", "Organisation"}


def test_the_list_pages_link_to_the_import_of_their_kind(client, project, mav, mav_staff):
    client.force_login(mav_staff)

    page = client.get("/agreements/").content.decode()
    chosen = client.get(url("import") + "?list=agreement")

    assert '/import/?list=agreement"' in page
    assert client.get("/import/?list=agreement").url == url("import") + "?list=agreement"
    assert [value for value, _ in chosen.context["form"].fields["kind"].choices] == [
        "cluster-cluster-agreements",
        "cluster-intermediary-agreements",
        "sme-sme-agreements",
        "business-agreements",
    ]
