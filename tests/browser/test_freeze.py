"""The coordinator freezes a report with the keyboard only: a confirmation page names the report and the
period, an unticked box freezes nothing, then the frozen report opens with its files (no reload)."""

import os

import pytest
from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD, load_demo
from reports.models import FrozenReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# SCREENSHOTS=dir saves the pages at 1366 and 390 px wide, to look at them (not needed for the test).
SCREENSHOTS = os.environ.get("SCREENSHOTS")


def shot(page, name):
    if not SCREENSHOTS:
        return
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_coordinator_confirms_the_freeze_with_the_keyboard_and_lands_on_the_frozen_report(
    live_server, login, immediate_tasks
):
    from agreements.models import Agreement
    from tests.factories import AgreementFactory

    load_demo()
    page = login("coordinator", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/projects/ELCA/reports/")
    link = page.locator('[data-report="d32"]').get_by_role("link", name="Freeze as submitted…")
    link.focus()
    page.keyboard.press("Enter")

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Freeze the D3.2 Cross-fertilisation results for period")
    shot(page, "freeze-confirm")
    button = page.get_by_role("button", name="as submitted")
    button.focus()
    page.keyboard.press("Enter")  # the box is not ticked
    expect(page.get_by_role("alert").filter(has_text="Tick the box")).to_be_visible()
    assert FrozenReport.objects.count() == 0

    box = page.get_by_label("I understand")
    box.focus()
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.keyboard.press("Tab")  # to the Freeze button
    page.keyboard.press("Enter")

    # Freezing renders the report's files in the request here (immediate tasks): seconds on a busy machine.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "frozen report vs today's records", timeout=60_000
    )
    expect(page.get_by_role("status").filter(has_text="is frozen")).to_be_visible()
    expect(page.locator("#frozen-files").get_by_role("link", name="PDF")).to_be_visible()
    frozen = FrozenReport.objects.get()
    assert (frozen.kind, frozen.frozen_by.username) == ("d32", "coordinator")

    # Something moves after the freeze: the compare page names the record and links it.
    day = frozen.period.end_date
    AgreementFactory(
        project=frozen.project,
        name="Cooperation signed after the freeze",
        kind=Agreement.Kind.CLUSTER_CLUSTER,
        status=Agreement.Status.SIGNED,
        signed_start=day,
        signed_end=day,
        signed_precision="day",
    )
    page.reload()
    moved = page.locator("#moved-numbers").get_by_role("link", name="Cooperation signed after the freeze")
    expect(moved.first).to_be_visible()
    shot(page, "freeze-compare")
