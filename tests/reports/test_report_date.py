"""The progress report's date (the day it is prepared): chosen on the reports page, kept by an export and
a freeze, and deciding which milestones and deliverables show Yes (issue 14)."""

from datetime import date

import pytest
from django.urls import reverse

from consortium.models import Deliverable
from reports.models import Export, FrozenReport
from tests.reports.test_builders import table
from tests.reports.test_views import CONFIRMED, export_url, freeze_url, index_url


@pytest.fixture
def late_deliverable(project, periods, amz):
    """Due in period 1, delivered two months after its end."""
    return Deliverable.objects.create(
        project=project,
        code="D1.1",
        title="Opportunities",
        lead=amz,
        due_month=6,
        status=Deliverable.Status.SUBMITTED,
        submitted_on=date(2021, 4, 30),
    )


@pytest.mark.usefixtures("periods", "wp3", "late_deliverable")
def test_export_page_exports_the_progress_report_as_of_the_chosen_report_date(client, viewer):
    client.force_login(viewer)

    page = client.get(index_url(period=1) + "&report_date=2021-06-02").content.decode()
    client.post(export_url("progress", 1, "html"), {"report_date": "2021-06-02"})

    assert 'name="report_date" value="2021-06-02"' in page
    export = Export.objects.get()
    assert export.report_date == date(2021, 6, 2)
    html = bytes(export.content).decode()
    assert '<dd class="report-date">02.06.2021</dd>' in html
    assert "30.04.2021" in html  # delivered by the report date: Yes with its date


@pytest.mark.usefixtures("periods", "wp3", "late_deliverable")
def test_an_export_without_a_report_date_is_as_of_today_and_not_reused_for_another_date(client, viewer):
    from django.utils import timezone

    client.force_login(viewer)

    client.post(export_url("progress", 1, "html"))
    client.post(export_url("progress", 1, "html"), {"report_date": "2021-02-28"})

    assert sorted(Export.objects.values_list("report_date", flat=True)) == [
        date(2021, 2, 28),
        timezone.localdate(),
    ]


@pytest.mark.usefixtures("periods", "wp3")
def test_a_report_date_that_is_not_a_date_is_refused(client, viewer):
    client.force_login(viewer)

    response = client.post(export_url("progress", 1, "html"), {"report_date": "June 2021"})

    assert response.status_code == 400
    assert Export.objects.count() == 0


@pytest.mark.usefixtures("periods", "wp3", "late_deliverable")
def test_freezing_the_progress_report_keeps_the_report_date_chosen(client, coordinator):
    client.force_login(coordinator)

    form = client.get(freeze_url("progress", 1) + "?report_date=2021-06-02").content.decode()
    client.post(freeze_url("progress", 1), {**CONFIRMED, "report_date": "2021-06-02"})

    assert 'name="report_date" value="2021-06-02"' in form
    frozen = FrozenReport.objects.get()
    assert frozen.report_date == date(2021, 6, 2)
    page = client.get(reverse("reports:frozen_compare", args=[frozen.pk])).content.decode()
    assert "D1.1" not in page  # the same date today: the deliverable row did not change


@pytest.mark.usefixtures("wp3", "late_deliverable")
def test_the_deliverable_shows_no_on_the_period_end_and_yes_once_delivered(project, periods):
    from reports.progress import build_progress

    before = table(build_progress(project, periods[0], report_date=date(2021, 2, 28)), "deliverables")
    after = table(build_progress(project, periods[0], report_date=date(2021, 4, 30)), "deliverables")

    assert before["rows"][0]["cells"][7:9] == ["No", None]
    assert after["rows"][0]["cells"][7:9] == ["Yes", date(2021, 4, 30)]


@pytest.mark.usefixtures("periods", "wp3", "late_deliverable")
def test_the_preview_shows_the_report_date_and_downloads_as_of_it(client, viewer):
    client.force_login(viewer)

    html = client.get(
        reverse("reports:preview", args=["ELCA", "progress", 1]) + "?report_date=2021-06-02"
    ).content
    html = html.decode()

    assert '<dd class="report-date">02.06.2021</dd>' in html
    assert '<input type="hidden" name="report_date" value="2021-06-02">' in html
