"""A person makes their calendar link, copies it with the button, and a calendar program (no session) reads
their deadlines from it; after a new link the old one is gone."""

import icalendar
import pytest
from playwright.sync_api import expect

from consortium.models import Deliverable
from tests.browser.test_invite_person import shot
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"


def test_staff_make_copy_and_replace_their_calendar_link(
    live_server, page, playwright, project, periods, amz_staff
):
    Deliverable.objects.create(project=project, code="D3.2", title="Cooperation report", due_month=6)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server.url, "amz", PASSWORD)
    page.goto(f"{live_server.url}/notifications/calendar/")
    expect(page.locator("#feed-state")).to_have_text("You have no calendar link.")

    page.get_by_role("button", name="Make my calendar link").click()
    box = page.get_by_label("Calendar link")
    link = box.input_value()
    assert link.startswith(f"{live_server.url}/calendar/") and link.endswith(".ics")
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == link
    shot(page, "calendar-new")

    # A calendar program: a client of its own, without the browser's session.
    calendar_program = playwright.request.new_context()
    answer = calendar_program.get(link)
    assert answer.status == 200
    summaries = sorted(str(e["summary"]) for e in icalendar.Calendar.from_ical(answer.body()).walk("VEVENT"))
    assert summaries == [
        "[ELCA] D3.2 due: Cooperation report",
        "[ELCA] Reporting period 1 ends",
        "[ELCA] Reporting period 2 ends",
    ]

    page.get_by_role("button", name="Make a new link (the old one stops working)").click()
    new = box.input_value()
    assert new != link
    assert calendar_program.get(link).status == 404
    assert calendar_program.get(new).status == 200
    calendar_program.dispose()
    page.goto(f"{live_server.url}/notifications/calendar/")
    expect(page.locator("#feed-state")).to_contain_text("A calendar last read it on")
    shot(page, "calendar-exists")
