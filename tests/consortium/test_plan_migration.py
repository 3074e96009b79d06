"""The migration that gives deliverables a status and moves revised due months into due-date changes
(consortium 0006) keeps what an installation had: a delivery date makes the deliverable submitted on that day,
a revised due month becomes a change from the planned month, its reason the row's comment."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("consortium", "0005_work_plan_history")]
AFTER = [("consortium", "0006_deliverables_over_time")]


@pytest.mark.django_db(transaction=True)
def test_revised_months_and_delivery_dates_are_kept():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Project = old.get_model("consortium", "Project")
    Deliverable = old.get_model("consortium", "Deliverable")
    Milestone = old.get_model("consortium", "Milestone")
    project = Project.objects.create(
        acronym="OLD", title="Old", start_date=date(2020, 9, 1), duration_months=24
    )
    Deliverable.objects.create(
        project=project,
        code="D1.1",
        title="Opportunities",
        due_month=6,
        revised_due_month=8,
        delivered_on=date(2021, 4, 30),
        comments="Extension of deadline was requested and approved New DL M8",
    )
    Deliverable.objects.create(project=project, code="D2.2", title="Agreements", due_month=18)
    Milestone.objects.create(
        project=project, number=2, title="Targets", due_month=6, revised_due_month=8, comments="Postponed"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Deliverable = new.get_model("consortium", "Deliverable")
    DueDateChange = new.get_model("consortium", "DueDateChange")

    assert sorted(Deliverable.objects.values_list("code", "status", "submitted_on")) == [
        ("D1.1", "submitted", date(2021, 4, 30)),
        ("D2.2", "pending", None),
    ]
    changes = DueDateChange.objects.order_by("pk")
    assert [(c.deliverable_id is not None, c.from_month, c.to_month, c.reason) for c in changes] == [
        (True, 6, 8, "Extension of deadline was requested and approved New DL M8"),
        (False, 6, 8, "Postponed"),
    ]
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the other tests
