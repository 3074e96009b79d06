"""The set-up page and the frame of a project: the coordinator changes title, programme, grant, dates;
the acronym stays unique."""

from datetime import date

import pytest
from django.urls import reverse

from consortium.models import Project
from setup.services import periods_generate
from tests.conftest import REFUSED
from tests.factories import ProjectFactory

FRAME = reverse("setup:frame", args=["ELCA"])
INDEX = reverse("setup:index", args=["ELCA"])


def frame_data(**changes):
    values = {
        "acronym": "ELCA",
        "title": "European clusters go international",
        "programme": "COSME",
        "call_identifier": "COS-CLUSINT-2019",
        "call_title": "Clusters go international",
        "grant_number": "873400",
        "start_date": "2020-09-01",
        "duration_months": "24",
        "extension_months": "6",
    }
    return values | changes


def test_coordinator_changes_the_frame_and_history_says_who(client, coordinator, project):
    client.force_login(coordinator)
    response = client.post(FRAME, frame_data())
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.grant_number, project.extension_months, project.end_date) == (
        "873400",
        6,
        date(2023, 2, 28),
    )
    assert project.history.order_by("history_date").last().history_user == coordinator


def test_a_new_acronym_moves_the_pages(client, coordinator, project):
    client.force_login(coordinator)
    response = client.post(FRAME, frame_data(acronym="ELCA2"))
    assert response["Location"] == reverse("setup:index", args=["ELCA2"])
    assert Project.objects.filter(acronym="ELCA2").exists()


def test_the_acronym_stays_unique(client, coordinator, project):
    ProjectFactory(acronym="TAKEN")
    client.force_login(coordinator)
    response = client.post(FRAME, frame_data(acronym="TAKEN"))
    assert response.context["form"].errors == {
        "acronym": ["Acronym: another project already has this acronym."]
    }


def test_the_set_up_page_counts_each_step(client, coordinator, project, amz, mav):
    client.force_login(coordinator)
    response = client.get(INDEX)
    counts = {kind.name: count for kind, count, _url in response.context["steps"]}
    assert counts == {
        "period": 0,
        "partner": 2,
        "work_package": 0,
        "task": 0,
        "deliverable": 0,
        "milestone": 0,
        "event_category": 6,  # the template's categories every project starts with (events registers them)
    }
    assert reverse("setup:partner_list", args=["ELCA"]) in response.content.decode()


@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_others_are_refused(client, personas, project, persona):
    client.force_login(personas[persona])
    assert client.get(INDEX).status_code == REFUSED[persona]
    assert client.post(FRAME, frame_data(title="Taken over")).status_code == REFUSED[persona]
    project.refresh_from_db()
    assert project.title != "Taken over"


def test_anonymous_is_sent_to_login(client, project):
    for address in (INDEX, FRAME):
        response = client.post(address, frame_data())
        assert response["Location"].startswith(reverse("login"))


def test_after_an_extension_the_last_period_is_stretched_to_the_new_end(client, coordinator, project):
    periods_generate(project=project, length=6)  # 24 months: P4 ends 31.08.2022
    client.force_login(coordinator)
    client.post(FRAME, frame_data(extension_months="3"))
    periods = reverse("setup:period_list", args=["ELCA"])
    html = client.get(periods).content.decode()
    assert "The periods end on 31.08.2022, the project on 30.11.2022" in html
    response = client.post(reverse("setup:period_fit", args=["ELCA"]))
    assert response["Location"] == periods
    last = project.last_period()
    assert (last.number, last.start_date, last.end_date) == (4, date(2022, 3, 1), date(2022, 11, 30))
    assert "The periods end on" not in client.get(periods).content.decode()


@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_others_do_not_stretch_the_periods(client, personas, project, persona):
    periods_generate(project=project, length=6)
    project.extension_months = 3
    project.save()
    client.force_login(personas[persona])
    assert client.post(reverse("setup:period_fit", args=["ELCA"])).status_code == REFUSED[persona]
    assert project.last_period().end_date == date(2022, 8, 31)
