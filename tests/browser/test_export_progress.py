"""The export page follows the worker: its bar and words move as the stored steps do, then the link shows."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.loader import DEMO_PASSWORD, load_demo
from reports.models import Export

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("SCREENSHOTS")


@pytest.fixture
def queue_only(settings):
    """The database backend and no worker: the test plays the worker by writing the export's steps."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_bar_and_its_words_follow_the_stored_steps(live_server, login, queue_only):
    load_demo()
    page = login("viewer", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/projects/ELCA/reports/")
    page.locator('[data-report="d32"] button[data-format="pdf"]').click()
    page.wait_for_url("**/reports/exports/**")
    status = page.get_by_role("status")
    expect(status).to_have_text("Waiting for a worker (it picks the export up within seconds)")
    export = Export.objects.get()

    Export.objects.filter(pk=export.pk).update(
        status="running", started_at=timezone.now(), steps_done=2, steps_total=4, step_detail=""
    )

    expect(status).to_have_text("2 of 4 steps done (50%)", timeout=10_000)
    bar = page.locator("#export-progress")
    assert (bar.evaluate("b => b.value"), bar.evaluate("b => b.max")) == (2, 4)
    if SCREENSHOTS:
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 700})
            page.screenshot(path=f"{SCREENSHOTS}/export-progress-{width}.png", full_page=True)
    Export.objects.filter(pk=export.pk).update(
        status="done",
        steps_done=4,
        content=b"%PDF-1.4",
        filename="ELCA-D3.2-P5.pdf",
        finished_at=timezone.now(),
    )
    expect(status).to_have_text("Ready", timeout=10_000)
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
