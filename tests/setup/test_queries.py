"""Each list page's query count, pinned with 1 and 3 rows under the same literal (an N+1 fails)."""

from datetime import date

import pytest
from django.urls import reverse

from consortium.models import Deliverable, Milestone, Task, WorkPackage
from events.models import EventCategory
from tests.factories import EventFactory, PartnerFactory, PeriodFactory


def make(name, project, lead, n):
    """`n` rows of the kind (partner: `n` in all, the coordinator's AMZ included)."""
    for i in range(1, n + 1):
        if name == "partner" and i > 1:
            PartnerFactory(project=project, number=10 + i, short_name=f"P{i}")
        elif name == "period":
            PeriodFactory(project=project, number=i, start_date=date(2020, i, 1), end_date=date(2020, i, 28))
        elif name in ("work_package", "task", "deliverable"):
            wp = WorkPackage.objects.create(project=project, number=i, title=f"WP {i}", lead=lead)
            if name == "task":
                Task.objects.create(work_package=wp, code=f"{i}.1", title=f"Task {i}", lead=lead)
            if name == "deliverable":
                Deliverable.objects.create(
                    project=project, code=f"D{i}.1", title="D", work_package=wp, lead=lead
                )
        elif name == "milestone":
            Milestone.objects.create(project=project, number=i, title=f"M {i}")
        elif name == "event_category":  # instead of the template's six, `n` categories with events
            if i == 1:
                EventCategory.objects.filter(project=project).delete()
            EventCategory.objects.create(project=project, key=f"kind_{i}", name=f"Kind {i}", position=i)
            EventFactory(project=project, name=f"Event {i}", category=f"kind_{i}", responsible=[lead])


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize(
    "name", ["period", "partner", "work_package", "task", "deliverable", "milestone", "event_category"]
)
def test_list_page_queries(client, coordinator, project, amz, name, rows, django_assert_num_queries):
    make(name, project, amz, rows)
    client.force_login(coordinator)
    address = reverse(f"setup:{name}_list", args=["ELCA"])
    # 1 session, 2 user, 3 the project, 4 the user's roles in it, 5 the rows (leaders and work packages
    # joined, a work package's tasks and a category's events counted in the same query).
    with django_assert_num_queries(5) as captured:
        response = client.get(address)
    assert response.status_code == 200
    assert len(response.context["rows"]) == rows, captured
