"""The rows of a project's frame (periods, partners, work packages, tasks, deliverables, milestones): the
coordinator lists, adds, changes and deletes them; other roles are refused; nothing in use is deleted."""

from datetime import date

import pytest
from django.urls import reverse

from consortium.models import Deliverable, Milestone, Partner, ReportingPeriod, Task, WorkPackage
from tests.conftest import REFUSED
from tests.factories import PartnerFactory, PeriodFactory


def url(name, *args, acronym="ELCA"):
    return reverse(f"setup:{name}", args=[acronym, *args])


@pytest.fixture
def plan(project, amz, mav):
    """A small work plan of ELCA: WP1 with a task, a deliverable and a milestone, and period 1."""
    wp = WorkPackage.objects.create(
        project=project, number=1, title="Management", lead=amz, start_month=1, end_month=24
    )
    task = Task.objects.create(work_package=wp, code="1.1", title="Coordination", lead=amz)
    deliverable = Deliverable.objects.create(
        project=project, code="D1.1", title="Plan", work_package=wp, lead=mav
    )
    milestone = Milestone.objects.create(project=project, number=1, title="Kick-off", due_month=1)
    period = PeriodFactory(project=project, number=1, start_date=date(2020, 9, 1), end_date=date(2021, 2, 28))
    return {
        "work_package": wp,
        "task": task,
        "deliverable": deliverable,
        "milestone": milestone,
        "period": period,
    }


def new_data(name, plan, mav):
    wp = plan["work_package"]
    return {
        "partner": {"number": "7", "short_name": "NEW", "legal_name": "New Cluster", "country": "PT"},
        "period": {"number": "2", "start_date": "2021-03-01", "end_date": "2021-08-31"},
        "work_package": {
            "number": "2",
            "title": "Cooperation",
            "lead": mav.pk,
            "start_month": "3",
            "end_month": "20",
        },
        "task": {
            "work_package": wp.pk,
            "code": "1.2",
            "title": "Quality",
            "lead": mav.pk,
            "participants": [mav.pk],
        },
        "deliverable": {
            "code": "D1.2",
            "title": "Report",
            "work_package": wp.pk,
            "lead": mav.pk,
            "type": "Report",
            "dissemination": "Public",
            "due_month": "12",
        },
        "milestone": {"number": "2", "title": "Mid-term", "due_month": "12"},
    }[name]


MODELS = {
    "partner": Partner,
    "period": ReportingPeriod,
    "work_package": WorkPackage,
    "task": Task,
    "deliverable": Deliverable,
    "milestone": Milestone,
}
NAMES = list(MODELS)


@pytest.mark.parametrize("name", NAMES)
def test_coordinator_adds_a_row_and_its_history_says_who(client, coordinator, plan, mav, name):
    client.force_login(coordinator)
    before = MODELS[name].objects.count()
    response = client.post(url(f"{name}_add"), new_data(name, plan, mav))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == url(f"{name}_list")
    assert MODELS[name].objects.count() == before + 1
    row = MODELS[name].objects.order_by("pk").last()
    assert row.history.get().history_user == coordinator


@pytest.mark.parametrize("name", [n for n in NAMES if n != "partner"])
def test_coordinator_changes_a_row(client, coordinator, plan, mav, name):
    client.force_login(coordinator)
    row = plan[name]
    data = new_data(name, plan, mav)
    response = client.post(url(f"{name}_edit", row.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    row.refresh_from_db()
    field = "start_date" if name == "period" else "title"
    assert str(getattr(row, field)) == data[field]
    assert row.history.order_by("history_date").last().history_type == "~"


def test_coordinator_changes_a_partner(client, coordinator, mav):
    client.force_login(coordinator)
    data = {
        "number": "5",
        "short_name": "MAV",
        "legal_name": "Mav renamed",
        "country": "ES",
        "former_name": "OLD",
    }
    assert client.post(url("partner_edit", mav.pk), data).status_code == 302
    mav.refresh_from_db()
    assert (mav.legal_name, mav.former_name, mav.beneficiary) == (
        "Mav renamed",
        "OLD",
        "5-MAV (formerly OLD)",
    )


@pytest.mark.parametrize("name", ["task", "deliverable", "milestone", "period"])
def test_coordinator_deletes_an_unused_row_after_confirming(client, coordinator, plan, name):
    client.force_login(coordinator)
    row = plan[name]
    page = client.get(url(f"{name}_delete", row.pk))
    assert "Nothing else uses it." in page.content.decode()
    assert client.post(url(f"{name}_delete", row.pk)).status_code == 302
    assert not MODELS[name].objects.filter(pk=row.pk).exists()
    assert row.history.order_by("history_date").last().history_type == "-"


def test_a_partner_in_use_is_not_deleted(client, coordinator, mav, mav_staff, plan):
    client.force_login(coordinator)
    response = client.post(url("partner_delete", mav.pk))
    assert response.status_code == 409
    html = response.content.decode()
    assert "MAV cannot be deleted: these still use it." in html
    assert "<li>Memberships: 1</li>" in html
    assert "<li>Deliverables: 1</li>" in html
    assert Partner.objects.filter(pk=mav.pk).exists()


def test_a_work_package_with_tasks_is_not_deleted(client, coordinator, plan):
    client.force_login(coordinator)
    wp = plan["work_package"]
    response = client.post(url("work_package_delete", wp.pk))
    assert response.status_code == 409
    assert "<li>Tasks: 1</li>" in response.content.decode()
    assert WorkPackage.objects.filter(pk=wp.pk).exists()


def test_an_unused_partner_is_deleted(client, coordinator, project):
    spare = PartnerFactory(project=project, number=9, short_name="SPARE")
    client.force_login(coordinator)
    assert client.post(url("partner_delete", spare.pk)).status_code == 302
    assert not Partner.objects.filter(pk=spare.pk).exists()


def test_errors_name_the_field(client, coordinator, plan, mav):
    client.force_login(coordinator)
    taken = {"number": "5", "short_name": "AMZ", "legal_name": "X", "country": "ES", "is_coordinator": "on"}
    errors = client.post(url("partner_add"), taken).context["form"].errors
    assert errors["number"] == ["Number: 5 is already used by another row of ELCA."]
    assert errors["short_name"] == ["Short name: AMZ is already used by another row of ELCA."]
    assert errors["is_coordinator"] == [
        "Coordinating partner: AMZ is the coordinating partner; untick it there first."
    ]
    late = new_data("milestone", plan, mav) | {"due_month": "30"}
    errors = client.post(url("milestone_add"), late).context["form"].errors
    assert errors["due_month"] == ["Due month: M30 is outside the project's months (M1 to M24)."]
    overlapping = {"number": "2", "start_date": "2021-01-01", "end_date": "2021-06-30"}
    response = client.post(url("period_add"), overlapping)
    assert response.context["form"].errors == {
        "start_date": ["First day: the period overlaps P1 (01.09.2020-28.02.2021)."]
    }
    html = response.content.decode()
    assert 'aria-describedby="id_start_date-error" autofocus' in html
    assert '<div class="invalid-feedback d-block" id="id_start_date-error">' in html


def test_another_projects_rows_are_not_found(client, coordinator, other_coordinator):
    other_partner = Partner.objects.get(short_name="SEC")
    client.force_login(coordinator)
    assert client.get(url("partner_edit", other_partner.pk)).status_code == 404
    assert client.post(url("partner_delete", other_partner.pk)).status_code == 404


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_others_are_refused(client, personas, plan, mav, name, persona):
    client.force_login(personas[persona])
    row = plan[name] if name != "partner" else mav
    expected = REFUSED[persona]
    before = MODELS[name].objects.count()
    assert client.get(url(f"{name}_list")).status_code == expected
    assert client.post(url(f"{name}_add"), new_data(name, plan, mav)).status_code == expected
    assert client.post(url(f"{name}_edit", row.pk), new_data(name, plan, mav)).status_code == expected
    assert client.post(url(f"{name}_delete", row.pk)).status_code == expected
    assert MODELS[name].objects.filter(pk=row.pk).exists()
    assert MODELS[name].objects.count() == before


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_login(client, plan, name):
    response = client.get(url(f"{name}_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", NAMES)
def test_the_list_shows_the_rows(client, coordinator, plan, name):
    client.force_login(coordinator)
    html = client.get(url(f"{name}_list")).content.decode()
    first = {
        "partner": "AMZ",
        "period": "01.09.2020",
        "work_package": "Management",
        "task": "Coordination",
        "deliverable": "D1.1",
        "milestone": "Kick-off",
    }[name]
    assert first in html
    assert url(f"{name}_add") in html
