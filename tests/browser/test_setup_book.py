"""The set-up workbook as a coordinator uses it: from the set-up page, a workbook with a mistake, the
preview naming sheet, row and column; the fixed workbook imported; the partners on their page; the
first-steps checklist on the dashboard ticks them."""

import re

import pytest
from playwright.sync_api import expect

from consortium.models import Partner
from tests.imports.setup_helpers import PARTNERS, full_book

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"  # tests/factories.py
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, content: bytes):
    page.get_by_label("Set-up workbook (Excel .xlsx)").set_input_files(
        files=[{"name": "setup.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_role("button", name="Upload and preview").click()


def test_a_coordinator_sets_up_partners_from_a_workbook(live_server, login, project, amz, mav, coordinator):
    page = login("coordinator", PASSWORD)
    page.goto(f"{live_server.url}/projects/ELCA/dashboard/")
    expect(page.locator('[data-step="partners"]')).to_have_attribute("data-done", "yes")
    expect(page.locator('[data-step="periods"]')).to_have_attribute("data-done", "no")

    page.goto(f"{live_server.url}/projects/ELCA/setup/")
    page.get_by_role("link", name="Set up from one workbook").click()
    bad = [PARTNERS, [6, "NEW1", "First new cluster", "Atlantis", ""], [7, "NEW2", "Second", "FR", ""]]
    upload(page, full_book(partners=bad))
    expect(page.locator("#problems")).to_contain_text("Partners")
    expect(page.locator("#problems tbody tr").first).to_contain_text("Country")
    expect(page.locator("#problems tbody tr").first).to_contain_text("'Atlantis' is not a country")
    expect(page.get_by_role("button", name="Import it")).to_have_count(0)
    assert Partner.objects.count() == 2

    page.get_by_role("link", name="Upload a corrected workbook").click()
    upload(page, full_book())
    expect(page.locator("#summary")).to_contain_text("Partners: 4 rows: 2 new, 2 changed, 0 unchanged")
    page.get_by_role("button", name="Import it").click()
    expect(page.get_by_role("status")).to_contain_text("Imported: 10 added")
    expect(page.locator('[data-invited="one@example.org"] input')).to_have_value(
        re.compile(r"/accounts/invitation/")
    )

    page.goto(f"{live_server.url}/projects/ELCA/setup/partners/")
    for name in ("NEW1", "NEW2"):
        expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    page.goto(f"{live_server.url}/projects/ELCA/dashboard/")
    expect(page.locator('[data-step="people"]')).to_have_attribute("data-done", "yes")
