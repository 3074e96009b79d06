"""Issue 12 in a real browser (Debian's Chromium): the error summary takes the focus and its links lead to
the fields; a chosen evidence file survives a form that comes back; the organisation picker carries the
typed name into "Add a new organisation" and keeps the focus; the target countries filter."""

import re

import pytest
from playwright.sync_api import expect

from agreements.models import Agreement
from consortium.models import Organisation
from events.models import Event
from tests.two_step import log_in
from tests.workspace.conftest import pdf_bytes
from workspace.models import Evidence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"


@pytest.fixture
def mav_page(browser, live_server, mav_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    context = browser.new_context()
    page = log_in(context.new_page(), live_server.url, "mav", PASSWORD)
    yield page
    context.close()  # before the live server stops (tests/browser/test_workspace.py says why)


def test_the_error_summary_takes_the_focus_and_leads_to_each_field(mav_page, live_server):
    page = mav_page
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_status").select_option("signed")
    page.locator("#id_signed_date").fill("next spring")
    page.get_by_role("button", name="Save", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("Not saved: there are 3 problems to fix")
    summary.get_by_role("link", name=re.compile(r"^Signature date: 'next spring' is not a date")).click()
    expect(page.locator("#id_signed_date")).to_be_focused()
    summary.get_by_role("link", name="Name: This field is required.").click()
    expect(page.locator("#id_name")).to_be_focused()
    assert Agreement.objects.count() == 0


def test_a_chosen_file_is_kept_when_the_form_comes_back(mav_page, live_server):
    page = mav_page
    page.goto(f"{live_server.url}/agreements/new/")
    page.locator("#id_kind").select_option("sme_sme")
    page.locator("#id_status").select_option("identified")
    page.get_by_label("Evidence files").set_input_files(
        files=[{"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Save", exact=True).click()  # the name is missing

    kept = page.locator("#pending-evidence")
    expect(kept).to_contain_text(re.compile(r"invoice\.pdf \(\d+\sbytes\) will be attached"))
    expect(kept.get_by_role("checkbox")).to_be_checked()
    page.locator("#id_name").fill("Kept evidence")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="Kept evidence")).to_be_visible()
    expect(page.locator("#evidence")).to_contain_text("invoice.pdf")
    expect(page.locator("#history")).to_contain_text("Evidence added: invoice.pdf")
    assert [e.original_name for e in Evidence.objects.all()] == ["invoice.pdf"]


def test_the_organisation_picker_carries_the_typed_name_and_keeps_the_focus(mav_page, live_server, project):
    page = mav_page
    page.goto(f"{live_server.url}/engagements/new/")
    search = page.get_by_placeholder("Type to find an organisation…")
    search.press_sequentially("Zebra Quartz Composites")

    expect(page.locator("select[name=organisation] option").first).to_have_text(
        "No organisation matches: add it below"
    )
    expect(page.locator("details.org-add")).to_have_attribute("open", "")
    expect(page.get_by_label("New organisation's name")).to_have_value("Zebra Quartz Composites")
    expect(search).to_be_focused()
    search.press("Enter")  # searches; does not send the record form
    assert page.url.endswith("/engagements/new/")

    page.get_by_label("Its country").select_option("CL")
    page.get_by_role("button", name="Add and select").click()

    expect(page.get_by_role("status")).to_have_text("Added “Zebra Quartz Composites” and selected it.")
    picker = page.locator("select[name=organisation]")
    expect(picker).to_be_focused()
    organisation = Organisation.objects.get(name="Zebra Quartz Composites")
    expect(picker).to_have_value(str(organisation.pk))


def test_target_countries_are_found_by_typing(mav_page, live_server):
    page = mav_page
    page.goto(f"{live_server.url}/events/new/")
    page.locator("#id_category").select_option("matchmaking")
    page.locator("#id_name").fill("B2B in Santiago and Lima")
    country_filter = page.get_by_placeholder("Type to find a third country…")
    country_filter.fill("peru")  # without its accent, any case

    expect(page.locator("[data-country]:visible")).to_have_count(1)
    page.get_by_label("Peru").check()
    country_filter.fill("CL")
    page.get_by_label("Chile").check()
    country_filter.press("Enter")  # filters; does not send the form
    expect(page.locator("[data-country-chosen]")).to_have_text("Chosen: Chile, Peru")
    country_filter.fill("germany")
    expect(page.locator("[data-country]:visible")).to_have_count(0)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", name="B2B in Santiago and Lima")).to_be_visible()
    event = Event.objects.get()
    assert sorted(c.country.code for c in event.target_countries.all()) == ["CL", "PE"]
