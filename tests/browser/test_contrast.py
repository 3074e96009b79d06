"""Issue 12, daily work 10: links and muted text pass WCAG AA contrast on the main pages, as axe-core
(4.14.1, from the npm registry, kept in tests/browser/vendor/axe-core/) checks them in Chromium.

Elements with a color-contrast violation, before the fix -> after (the browser walk had reported 20 over
its pages): start page 2 -> 0, dashboard 2 -> 0, agreements list 3 -> 0, review queue 3 -> 0, agreement
form 1 -> 0 (11 -> 0). All were Bootstrap's link blue #0d6efd (4.26:1) or grey #6c757d (4.44:1) on the
page's #f8f9fa; the fix darkens Bootstrap's CSS variables in static/css/app.css (links, muted text, outline
buttons). Also in bench/RESULTS.md.
"""

from pathlib import Path

import pytest

from demo.loader import DEMO_PASSWORD, load_demo
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
PAGES = {
    "start page (awaiting review)": "/",
    "dashboard": "/projects/ELCA/dashboard/",
    "agreements list": "/agreements/",
    "review queue": "/agreements/?review=submitted&reviewer=me",
    "agreement form": "/agreements/new/",
}


def contrast_violations(page) -> list[str]:
    """The elements axe-core's color-contrast rule finds too pale: CSS selector | axe-core's message."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}}))"
        ".violations.flatMap(v => v.nodes.map("
        "n => n.target.join(' ') + ' | ' + (n.any[0] ? n.any[0].message : '')))"
    )


@pytest.fixture
def task_leader_page(browser, live_server):
    load_demo()
    # axe-core is added to the page as a script: the test's browser context lets it past the page's CSP.
    context = browser.new_context(bypass_csp=True)
    page = log_in(context.new_page(), live_server.url, "taskleader", DEMO_PASSWORD)
    yield page
    page.wait_for_load_state("networkidle")
    context.close()  # before the live server stops (tests/browser/test_workspace.py says why)


def test_the_main_pages_have_no_contrast_violations(task_leader_page, live_server):
    page = task_leader_page
    found = {}
    for name, path in PAGES.items():
        page.goto(f"{live_server.url}{path}")
        found[name] = contrast_violations(page)

    assert found == {name: [] for name in PAGES}
