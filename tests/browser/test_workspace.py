"""The partner workspace as people use it: record, find, download, review, and a conflicting edit."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from agreements.models import Agreement
from tests.two_step import log_in as browser_log_in
from tests.workspace.conftest import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"
NAME = re.compile(r"^\s*Name\*?\s*$")  # crispy marks required fields with an asterisk


@pytest.fixture
def new_page(browser, live_server):
    """A page in its own browser context (its own cookies), closed before the live server stops.

    Closing first matters: a request thread still open when the server stops would close the shared
    in-memory SQLite connection from the wrong thread.
    """
    contexts = []

    def _new_page():
        contexts.append(browser.new_context())
        return contexts[-1].new_page()

    yield _new_page
    for context in contexts:
        context.close()


def log_in(page, live_server, username):
    # through the real form, and the code page for the task leader (tests/browser/conftest.py)
    return browser_log_in(page, live_server.url, username, PASSWORD)


def test_record_find_download_review_and_see_it_returned(
    new_page, live_server, tmp_path, settings, project, amz, mav, mav_staff, amz_staff, task_leader
):
    settings.MEDIA_ROOT = tmp_path
    mav_page = log_in(new_page(), live_server, "mav")

    # mav records a signed SME-SME cooperation agreement with a vague date and a PDF.
    mav_page.goto(f"{live_server.url}/agreements/new/")
    mav_page.get_by_label(re.compile(r"^\s*Kind\*?\s*$")).select_option("sme_sme")
    mav_page.get_by_label(re.compile(r"^\s*Status\*?\s*$")).select_option("signed")
    mav_page.get_by_label(NAME).fill("MaiCom and Andes SME cooperation")
    mav_page.get_by_label("Signature date", exact=True).fill("Nov 2022")
    mav_page.get_by_label("Evidence files").set_input_files(
        files=[{"name": "signed.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    mav_page.get_by_role("button", name="Save").click()
    expect(mav_page.get_by_role("heading", name="MaiCom and Andes SME cooperation")).to_be_visible()
    expect(mav_page.locator(".record-fields")).to_contain_text("Nov 2022")
    expect(mav_page.locator("#evidence")).to_contain_text("signed.pdf")
    record_url = mav_page.url

    # ... finds it in the filtered list and downloads the list as XLSX.
    mav_page.get_by_role("link", name="Agreements").first.click()
    mav_page.get_by_label(re.compile(r"^\s*Kind\*?\s*$")).select_option("sme_sme")
    mav_page.get_by_label(re.compile(r"^\s*Status\*?\s*$")).select_option("signed")
    mav_page.get_by_role("button", name="Filter").click()
    expect(mav_page.locator("table")).to_contain_text("MaiCom and Andes SME cooperation")
    expect(mav_page.locator('[data-count="records"]')).to_have_text("1")
    with mav_page.expect_download() as download:
        mav_page.get_by_role("link", name="Excel").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Name",
        "MaiCom and Andes SME cooperation",
    ]

    # amz sees it but cannot edit it.
    amz_page = log_in(new_page(), live_server, "amz")
    amz_page.goto(record_url)
    expect(amz_page.get_by_role("link", name="Edit")).to_have_count(0)
    response = amz_page.goto(record_url + "edit/")
    assert response.status == 403

    # The task leader returns it with a comment ...
    leader_page = log_in(new_page(), live_server, "taskleader")
    leader_page.goto(record_url)
    leader_page.get_by_label("Comment (needed to return it)").fill("Please add the second signature page.")
    leader_page.get_by_role("button", name="Return with comment").click()
    expect(leader_page.locator("#review")).to_contain_text("Returned for changes")

    # ... and mav finds it on the home page.
    mav_page.goto(f"{live_server.url}/")
    returned = mav_page.locator("#returned")
    expect(returned).to_contain_text("MaiCom and Andes SME cooperation")
    expect(returned).to_contain_text("Please add the second signature page.")


def test_two_people_editing_the_same_record_get_the_conflict_message(
    new_page, live_server, project, mav, mav_staff, task_leader
):
    record = Agreement.objects.create(project=project, name="Shared record", kind="sme_sme")
    record.responsible.set([mav])
    edit_url = f"{live_server.url}/agreements/{record.pk}/edit/"
    first = log_in(new_page(), live_server, "mav")
    second = log_in(new_page(), live_server, "taskleader")
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label(NAME).fill("Mav's title")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_role("heading", name="Mav's title")).to_be_visible()
    second.get_by_label(NAME).fill("Task leader's title")
    second.get_by_role("button", name="Save").click()

    expect(second.locator("#conflict")).to_contain_text(
        re.compile(r"mav changed this record at \d\d\.\d\d\.\d{4}")
    )
    expect(second.get_by_role("link", name="Reload the record")).to_be_visible()
    record.refresh_from_db()
    assert record.name == "Mav's title"
