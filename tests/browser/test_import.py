"""Spreadsheet import as people use it: a file with a mistake, the preview naming it, the fixed file,
the records in the list; then the coordinator undoes the import."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from imports.models import ImportRun
from imports.tasks import apply_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"  # tests/factories.py


def csv_bytes(responsible_of_row_3: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"])
    writer.writerow(["B1", "Andes SME deal", "MAV", "Andes Composites", "signed", "04.02.2022"])
    writer.writerow(
        ["B2", "Michigan SME deal", responsible_of_row_3, "Detroit Mobility", "signed", "Nov 2022"]
    )
    writer.writerow(["B3", "Pune SME deal", "MAV", "Pune Lightweight", "signed", "2021"])
    return buffer.getvalue().encode()


def upload(page, content: bytes):
    page.get_by_label("What the file holds").select_option("sme-sme-agreements")
    page.get_by_label("File (Excel .xlsx or CSV)").set_input_files(
        files=[{"name": "sme-deals.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_label(re.compile(r"^\s*Add only")).check()
    page.get_by_role("button", name="Upload and preview").click()


def test_upload_fix_confirm_see_the_records_and_undo(
    live_server, login, project, mav, mav_staff, coordinator
):
    page = login("mav", PASSWORD)

    page.goto(f"{live_server.url}/agreements/")
    page.get_by_role("link", name="Import", exact=True).click()
    upload(page, csv_bytes("MAVV"))

    problems = page.locator("#problems")
    expect(problems).to_contain_text(
        "row 3, column 'Responsible': 'MAVV' is not a partner of ELCA; did you mean 'MAV'?"
    )
    expect(page.get_by_role("button", name=re.compile("^Import .* now$"))).to_have_count(0)
    assert Agreement.objects.count() == 0

    page.get_by_role("link", name="Upload another file").click()
    upload(page, csv_bytes("MAV"))
    expect(page.locator('[data-count="created"]')).to_have_text("3")
    page.get_by_role("button", name="Import 3 rows now").click()

    # The import runs in the worker: the page shows its progress, then reloads itself once it is done.
    expect(page.locator("#import-progress")).to_contain_text("0 of 3 rows checked")
    apply_import.call(ImportRun.objects.latest("pk").pk)  # what db_worker does
    expect(page.locator("#imported li")).to_have_count(3, timeout=15_000)
    page.goto(f"{live_server.url}/agreements/")
    for name in ("Andes SME deal", "Michigan SME deal", "Pune SME deal"):
        expect(page.get_by_role("link", name=name)).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    login("coordinator", PASSWORD)
    page.goto(f"{live_server.url}/projects/ELCA/imports/")
    page.get_by_role("button", name="Undo").click()

    expect(page.get_by_role("status")).to_contain_text("undone")
    expect(page.locator("#runs")).to_contain_text("Undone")
    assert Agreement.objects.count() == 0
