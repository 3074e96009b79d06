"""Issue 16 in a real browser: a partner writes its contribution to a task, inserts a number with the
keyboard beside the text ([[CODE]] at the cursor, static/js/narrative-write.js) and submits it."""

from datetime import date

import pytest
from playwright.sync_api import expect

from consortium.models import Task, WorkPackage
from kpis.catalogue import library_rule
from kpis.models import Indicator, IndicatorSet
from narrative.models import Contribution, Status
from tests.factories import PeriodFactory
from tests.two_step import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-password-1"


@pytest.fixture
def task(project, amz, mav):
    PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28))
    indicators = IndicatorSet.objects.create(
        project=project, code="WP3", title="WP3", report_section="d32_table0"
    )
    Indicator.objects.create(
        indicator_set=indicators,
        code="WP3-2",
        position=2,
        title="Number of Cluster Cooperation Agreements",
        mode="counted",
        counting_rule=library_rule(project, "cooperation_agreements_cluster_cluster"),
        target=12,
    )
    wp = WorkPackage.objects.create(project=project, number=1, title="Management", lead=amz)
    task = Task.objects.create(work_package=wp, code="1.1", title="Cooperation", lead=mav)
    task.participants.add(amz)
    return task


def test_a_partner_inserts_a_number_and_submits_its_contribution(browser, live_server, amz_staff, task, amz):
    context = browser.new_context()
    page = log_in(context.new_page(), live_server.url, "amz", PASSWORD)
    page.goto(f"{live_server.url}/projects/ELCA/report-texts/1/")
    page.get_by_role("link", name="AMZ's contribution").click()
    box = page.get_by_label("Text", exact=True)
    box.fill("We signed  agreements.")
    box.press("Home")
    for _ in range(len("We signed ")):
        box.press("ArrowRight")
    insert = page.get_by_role("button", name="Insert WP3-2")
    insert.focus()
    page.keyboard.press("Enter")
    expect(box).to_have_value("We signed [[WP3-2]] agreements.")
    page.get_by_role("button", name="Save and submit").click()
    expect(page.locator("#saved")).to_contain_text("We signed 0 agreements.")
    contribution = Contribution.objects.get(task=task, partner=amz)
    assert contribution.status == Status.SUBMITTED and contribution.numbers == {"WP3-2": 0}
    context.close()
