"""A member downloads the D3.2 PDF from the dashboard in a real browser and previews the progress report."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def immediate_tasks(settings):
    # The export runs inside the request here; with the database backend `db_worker` runs it (tests/reports).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_pdf_download_from_the_dashboard_and_progress_preview(live_server, login, immediate_tasks, tmp_path):
    load_demo()
    page = login("viewer", DEMO_PASSWORD)
    page.get_by_role("link", name="KPI dashboard").click()
    page.wait_for_url(f"{live_server.url}/projects/ELCA/dashboard/")

    page.locator('[data-downloads] [data-report="d32"] button[data-format="pdf"]').click()
    page.wait_for_url("**/reports/exports/**")
    expect(page.locator("[data-label]")).to_contain_text("Ready")
    with page.expect_download() as info:
        page.locator("[data-download]").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages[:3])
    assert "ELCA" in text and "951158" in text

    page.goto(f"{live_server.url}/projects/ELCA/dashboard/?period=5")
    page.locator('[data-downloads] [data-report="progress"]').get_by_role("link", name="Preview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("progress report")
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
