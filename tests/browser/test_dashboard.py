"""The dashboard in a real browser shows the same numbers as the CLI/API JSON, on the ELCA demo."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_shows_the_numbers_of_the_json_and_drills_down(live_server, login):
    load_demo()
    out = StringIO()
    call_command("kpis", "ELCA", "--json", stdout=out)
    rows = json.loads(out.getvalue())

    page = login("viewer", DEMO_PASSWORD)
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.wait_for_url(f"{live_server.url}/projects/ELCA/dashboard/")

    for row in rows:
        line = page.locator(f'tr[data-code="{row["code"]}"]')
        achieved = "–" if row["achieved"] is None else str(row["achieved"])
        target = "–" if row["target"] is None else str(row["target"])
        expect(line.locator("[data-achieved]")).to_have_text(achieved)
        expect(line.locator("[data-target]")).to_have_text(target)
    # EURECAT, LEITAT, Consorzio M USP, and LZS and Silbaerg, whose cells date a report and a meeting.
    expect(page.locator('tr[data-code="WP3-4"]')).to_contain_text("5 undated")
    # The communication plan is reported by hand in period 1 only (PRJ-1 is counted from the log now).
    expect(page.locator('tr[data-code="PRJ-6"]')).to_contain_text(
        "not reported for this period (last: 1, P1)"
    )

    page.locator('tr[data-code="WP3-4"] [data-achieved] a').click()
    expect(page.get_by_role("heading", name="Counted: 6 records")).to_be_visible()
    expect(page.locator("#counted")).to_contain_text("EURECAT")
    expect(page.locator('details[data-reason="status is not Signed"] summary')).to_have_text(
        "Status is not Signed: 14"
    )
    # Let every request finish before the live server stops (a request thread still closing its database
    # connection after the server's shutdown shows up as a thread exception at teardown on SQLite).
    page.wait_for_load_state("networkidle")
    page.goto("about:blank")
