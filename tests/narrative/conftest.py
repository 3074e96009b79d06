"""A project with two periods, one counted indicator (WP3-2, 0 of 12 with no records) and WP1 led by AMZ:
task 1.1 led by MAV with AMZ taking part, task 1.2 led by AMZ alone (MAV does not contribute to it)."""

import pytest

from consortium.models import Task, WorkPackage
from kpis.catalogue import library_rule
from kpis.models import Indicator, IndicatorSet


@pytest.fixture
def indicator(project):
    indicator_set = IndicatorSet.objects.create(
        # A set the progress report prints in II.1 (its indicators get a comment there).
        project=project,
        code="WP3",
        title="WP3 performance indicators",
        report_section="progress_call",
    )
    return Indicator.objects.create(
        indicator_set=indicator_set,
        code="WP3-2",
        position=2,
        title="Number of Cluster Cooperation Agreements",
        mode="counted",
        counting_rule=library_rule(project, "cooperation_agreements_cluster_cluster"),
        target=12,
    )


@pytest.fixture
def wp1(project, amz):
    return WorkPackage.objects.create(project=project, number=1, title="Management", lead=amz)


@pytest.fixture
def task_mav(wp1, mav, amz):
    task = Task.objects.create(work_package=wp1, code="1.1", title="Cooperation", lead=mav)
    task.participants.add(amz)
    return task


@pytest.fixture
def task_amz(wp1, amz):
    return Task.objects.create(work_package=wp1, code="1.2", title="Reporting", lead=amz)
