"""Issue 12, daily work 9: the dashboard, the timeline and the record lists on a phone (390 px wide):
indicator names shown, status and flags whole, chart labels at least 11 px, every month of the timeline
reachable, nothing wider than the screen except inside a container that scrolls sideways.

Set SCREENSHOTS=<directory> to keep screenshots of the dashboard and a list at 1366 px and 390 px.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD, load_demo
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
DASHBOARD = "/projects/ELCA/dashboard/"
LIST = "/agreements/"
TIMELINE = "/projects/ELCA/timeline/"
# Elements whose right edge passes the viewport and that no ancestor clips or scrolls: what a phone cuts.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const cut = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) continue;
        let parent = el.parentElement, held = false;
        for (; parent && parent !== document.body; parent = parent.parentElement) {
            const overflow = getComputedStyle(parent).overflowX;
            if (overflow !== "visible" && parent.getBoundingClientRect().right <= width + 1) {
                held = true;
                break;
            }
        }
        if (!held) cut.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className);
    }
    return {cut: cut.slice(0, 10), pageWidth: document.documentElement.scrollWidth, width: width};
}"""
# The smallest label of each chart as drawn: its font size times the chart's scale on screen.
CHART_LABELS = """() => Array.from(document.querySelectorAll("svg.kpi-chart"), (svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll("text"), (t) => parseFloat(getComputedStyle(t).fontSize));
    return Math.min(...sizes) * scale;
})"""


def assert_nothing_cut(page):
    found = page.evaluate(OVERFLOWING)
    assert found["cut"] == [] and found["pageWidth"] <= found["width"], found


@pytest.fixture
def demo_page(browser, live_server):
    load_demo()
    contexts = []

    def _page(viewport):
        contexts.append(browser.new_context(viewport=viewport))
        return log_in(contexts[-1].new_page(), live_server.url, "viewer", DEMO_PASSWORD)

    yield _page
    for context in contexts:
        context.close()  # before the live server stops (tests/browser/test_workspace.py says why)


def test_screenshots(demo_page, live_server):
    target = os.environ.get("SCREENSHOTS")
    if not target:
        pytest.skip("set SCREENSHOTS=<directory> to take them")
    for label, viewport in (("1366", DESKTOP), ("390", PHONE)):
        page = demo_page(viewport)
        for name, path in (("dashboard", DASHBOARD), ("list", LIST)):
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(Path(target) / f"{name}-{label}.png"), full_page=True)
        page.wait_for_load_state("networkidle")


def test_dashboard_on_a_phone_shows_names_status_and_flags_whole(demo_page, live_server):
    page = demo_page(PHONE)
    page.goto(f"{live_server.url}{DASHBOARD}")
    for detail in page.locator("details.kpi-details").all():
        detail.locator("summary").click()  # the per-partner charts too

    row = page.locator("tr[data-code]").first
    name = row.locator(".kpi-title")
    expect(name).to_be_visible()
    box = name.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for cell in ("[data-status]", "[data-achieved]"):
        box = row.locator(cell).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cell
    flag = page.locator("tr[data-code] .kpi-flags .badge").first  # "6 undated" in the demo
    box = flag.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert min(page.evaluate(CHART_LABELS)) >= 11
    assert_nothing_cut(page)


def test_timeline_on_a_phone_scrolls_to_its_last_month(demo_page, live_server):
    page = demo_page(PHONE)
    page.goto(f"{live_server.url}{TIMELINE}")
    scroller = page.locator(".kpi-timeline")

    sizes = scroller.evaluate("el => [el.scrollWidth, el.clientWidth, getComputedStyle(el).overflowX]")
    assert sizes[0] > sizes[1] and sizes[2] == "auto"
    scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")

    # the month scale's last label (M1, M3, ... along the top) lies inside the scrolled container
    last_month = scroller.evaluate(
        """el => {
        const scale = Array.from(el.querySelectorAll("svg text"))
            .filter((t) => parseFloat(t.getAttribute("y")) === 14 && /^M\\d+$/.test(t.textContent));
        const label = scale[scale.length - 1], box = label.getBoundingClientRect();
        const view = el.getBoundingClientRect();
        return [label.textContent, box.left >= view.left && box.right <= view.right];
    }"""
    )
    assert last_month == ["M27", True]
    assert min(page.evaluate(CHART_LABELS)) >= 11
    assert_nothing_cut(page)


def test_a_list_on_a_phone_scrolls_sideways_inside_its_table(demo_page, live_server):
    page = demo_page(PHONE)
    page.goto(f"{live_server.url}{LIST}")

    first_name = page.locator("td.col-name a").first
    expect(first_name).to_be_in_viewport(ratio=1)
    status = page.get_by_role("columnheader", name="Status")
    status.scroll_into_view_if_needed()
    expect(status).to_be_in_viewport()
    expect(first_name).to_be_in_viewport(ratio=1)  # the name column stays in view while the table scrolls
    assert_nothing_cut(page)
