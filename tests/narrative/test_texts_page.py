"""The Report texts page: the sections in order with their status in words, I.2's work packages, tasks and
contributions, the period chooser, and a query count that does not grow with the rows."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from consortium.models import Task
from narrative.models import Contribution, Text


def _url(project, number=2):
    return reverse("narrative:texts", args=[project.acronym, number])


def test_the_page_lists_the_sections_tasks_and_contributions_with_their_status(
    client, project, periods, indicator, task_mav, amz, mav, amz_staff
):
    Text.objects.create(project=project, period=periods[1], key="summary", body="x", status="submitted")
    Contribution.objects.create(
        project=project, period=periods[1], task=task_mav, partner=amz, status="returned"
    )
    client.force_login(amz_staff)
    page = client.get(_url(project)).content.decode()
    sections = [
        page.index(f'data-section="{key}"') for key in ("declaration", "summary", "i1", "i2", "i4", "ii1")
    ]
    assert sections == sorted(sections)
    assert 'data-text="summary"' in page and ">Submitted</span>" in page
    assert 'data-task="1.1"' in page and 'data-contribution="1.1-AMZ"' in page and ">Returned</span>" in page
    assert 'data-contribution="1.1-MAV"' in page  # the task's lead contributes too, not started yet
    assert ">Not started</span>" in page and ">yours</span>" in page
    assert 'data-indicator="WP3-2"' in page
    assert reverse("narrative:texts", args=[project.acronym, 1]) in page  # the period chooser
    assert 'aria-current="page"' in page


def test_ii1_lists_only_the_indicators_the_progress_report_prints(
    client, project, periods, indicator, viewer
):
    from kpis.models import Indicator, IndicatorSet

    table0 = IndicatorSet.objects.create(
        project=project, code="T0", title="D3.2", report_section="d32_table0"
    )
    Indicator.objects.create(
        indicator_set=table0, code="T0-1", position=1, title="Only in D3.2", mode="reported"
    )
    client.force_login(viewer)
    page = client.get(_url(project)).content.decode()
    assert 'data-indicator="WP3-2"' in page and 'data-indicator="T0-1"' not in page


def test_a_period_the_project_has_not_is_a_404_and_an_outsider_sees_nothing(
    client, project, periods, outsider
):
    client.force_login(outsider)
    assert client.get(_url(project)).status_code == 404


def test_the_reports_page_links_to_the_texts(client, project, periods, viewer):
    client.force_login(viewer)
    page = client.get(reverse("reports:index", args=[project.acronym]) + "?period=2").content.decode()
    assert f'href="{_url(project)}"' in page


@pytest.mark.parametrize("rows", [1, 3])
def test_query_count(
    client, project, periods, indicator, wp1, amz, mav, coordinator, rows, django_assert_num_queries
):
    for number in range(rows):
        task = Task.objects.create(work_package=wp1, code=f"1.{number + 1}", title="T", lead=mav)
        task.participants.add(amz)
        Text.objects.create(
            project=project, period=periods[1], key="i2", task=task, body="t", numbers={"WP3-2": 1}
        )
        Contribution.objects.create(project=project, period=periods[1], task=task, partner=amz, body="c")
    client.force_login(coordinator)
    with django_assert_num_queries(17):
        page = client.get(_url(project)).content.decode()
    assert page.count("data-task=") == rows and page.count('data-stale="WP3-2"') == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_writing_page_query_count(
    client, project, periods, indicator, task_mav, amz, mav, task_leader, rows, django_assert_num_queries
):
    from tests.factories import PartnerFactory

    partners = [amz, mav] + [PartnerFactory(project=project, number=10 + n) for n in range(rows - 1)]
    for partner in partners[:rows]:
        task_mav.participants.add(partner)
        Contribution.objects.create(
            project=project, period=periods[1], task=task_mav, partner=partner, body="c"
        )
    Text.objects.create(project=project, period=periods[0], key="i2", task=task_mav, body="before")
    Text.objects.create(project=project, period=periods[1], key="i2", task=task_mav, body="now [[WP3-2]]")
    client.force_login(task_leader)
    url = reverse("narrative:text_about", args=[project.acronym, 2, "i2", "task", task_mav.pk])
    ContentType.objects.get_for_models(Text, Contribution)  # cached per process, as on a server
    with django_assert_num_queries(19):
        page = client.get(url).content.decode()
    assert page.count("data-contribution=") == rows and 'id="difference"' in page
