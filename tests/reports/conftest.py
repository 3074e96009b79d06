"""Report fixtures: a small project with two periods and one counted WP3 indicator; tasks run at once."""

import pytest

from kpis.catalogue import library_rule
from kpis.models import Indicator, IndicatorSet
from tests.faults.conftest import share_database  # noqa: F401 - a fixture: a database file other processes open


@pytest.fixture(autouse=True)
def tasks_run_immediately(settings):
    """Background exports run inside the request in tests (test_tasks.py covers the database worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def wp3(project):
    """WP3-2 counts signed cluster-cluster cooperation agreements (kpis.rules)."""
    indicator_set = IndicatorSet.objects.create(
        project=project, code="WP3", title="WP3 performance indicators", report_section="d32_table0"
    )
    Indicator.objects.create(
        indicator_set=indicator_set,
        code="WP3-2",
        position=2,
        title="Number of Cluster Cooperation Agreements",
        mode="counted",
        counting_rule=library_rule(project, "cooperation_agreements_cluster_cluster"),
        target=12,
    )
    return indicator_set
