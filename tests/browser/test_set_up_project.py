"""Setting up a project meets it: a superuser creates the project naming its coordinator, who adds a
partner and a deliverable on the set-up pages, without the admin."""

import pytest
from playwright.sync_api import expect

from consortium.models import Deliverable, Partner
from tests.browser.test_invite_person import shot
from tests.factories import UserFactory
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"


def fill_new_project(page, months: int):
    """The superuser's new-project form for NOVA (six-month periods from 01.01.2021), coordinator aside."""
    page.get_by_role("link", name="New project").click()
    expect(page.get_by_role("heading", name="New project")).to_be_visible()
    page.get_by_label("Acronym", exact=True).fill("NOVA")
    page.get_by_label("Title", exact=True).fill("Nova clusters go international")
    page.get_by_label("Programme", exact=True).fill("COSME")
    page.get_by_label("Grant number").fill("101000001")
    page.get_by_label("Start date").fill("2021-01-01")
    page.get_by_label("Duration (months)").fill(str(months))
    page.get_by_label("Reporting period (months)").fill("6")
    page.get_by_label("Coordinating partner: short name").fill("NOV")
    page.get_by_label("Coordinating partner: legal name").fill("Nova Cluster Association")
    page.get_by_label("Coordinating partner: country").select_option(label="Portugal")


def test_superuser_creates_a_project_and_its_coordinator_adds_a_partner_and_a_deliverable(
    live_server, page, admin_user
):
    UserFactory(username="nina", email="nina@example.org")
    log_in(page, live_server.url, "admin", "password")
    fill_new_project(page, months=20)
    page.get_by_label("Coordinator", exact=True).fill("nobody-here")
    page.get_by_role("button", name="Create the project").click()
    expect(page.get_by_text("Coordinator: no account is called nobody-here")).to_be_visible()
    shot(page, "project-form")
    page.get_by_label("Coordinator", exact=True).fill("nina")
    page.get_by_role("button", name="Create the project").click()
    expect(page.get_by_role("heading", name="Set-up of NOVA")).to_be_visible()
    expect(page.locator('[data-step="period"] .badge')).to_have_text("4")
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server.url, "nina", PASSWORD)
    page.get_by_role("link", name="Project set-up").click()
    page.get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="Add a partner").click()
    expect(page.get_by_label("Number", exact=True)).to_have_value("2")
    page.get_by_label("Short name").fill("SUD")
    page.get_by_label("Legal name").fill("Sud Cluster")
    page.get_by_label("Country", exact=True).select_option(label="France")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#rows tbody tr")).to_have_count(2)
    expect(page.locator("#rows tbody tr").nth(1)).to_contain_text("SUD")
    shot(page, "partners")

    page.get_by_role("link", name="Set-up of NOVA").click()
    page.get_by_role("link", name="Deliverables").click()
    page.get_by_role("link", name="Add a deliverable").click()
    page.get_by_label("Number", exact=True).fill("D1.1")
    page.get_by_label("Name", exact=True).fill("Internationalisation strategy")
    page.get_by_label("Lead partner").select_option(label="SUD")
    page.get_by_label("Type", exact=True).fill("Report")
    page.get_by_label("Dissemination level").fill("Public")
    page.get_by_label("Due month").fill("25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Due month: M25 is outside the project's months (M1 to M20).")).to_be_visible()
    page.get_by_label("Due month").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#rows tbody tr")).to_contain_text("Internationalisation strategy")

    deliverable = Deliverable.objects.get(project__acronym="NOVA")
    assert (deliverable.code, deliverable.lead.short_name, deliverable.due_month) == ("D1.1", "SUD", 12)
    assert deliverable.history.get().history_user.username == "nina"
    assert list(Partner.objects.filter(project__acronym="NOVA").values_list("short_name", flat=True)) == [
        "NOV",
        "SUD",
    ]
