"""The event pages read the project's categories: the form offers its own ones, the list and the record's
page show their names, the list's kind filter offers them; the import reads a category by name or key."""

import csv
import io

import pytest

from events.models import Event, EventCategory
from imports.service import run_import
from tests.factories import EventFactory

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def training(project):
    return EventCategory.objects.create(
        project=project, key="training", name="Training", report_type="preparatory", position=7
    )


def test_the_event_form_offers_the_projects_own_category(client, mav_staff, training):
    client.force_login(mav_staff)

    form = client.get("/events/new/").context["form"]

    assert list(form.fields["category"].choices)[-1] == ("training", "Training")
    assert ("international_meeting", "International meeting") in form.fields["category"].choices


def test_an_event_of_an_own_category_is_saved_and_listed_with_its_name(client, mav_staff, training):
    client.force_login(mav_staff)

    response = client.post(
        "/events/new/", {"category": "training", "name": "Export training for SMEs", "date": "03.2021"}
    )

    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(name="Export training for SMEs")
    assert event.category == "training"
    listed = client.get("/events/").context["table"]
    assert [(row.record.name, row.get_cell("category")) for row in listed.page.object_list] == [
        ("Export training for SMEs", "Training")
    ]
    shown = client.get(event.get_absolute_url()).context["fields"]
    assert [(f.label, f.text) for f in shown][:2] == [("Category", "Training"), ("Report type", "—")]


def test_the_form_refuses_a_category_the_project_lacks(client, mav_staff, project):
    client.force_login(mav_staff)

    response = client.post("/events/new/", {"category": "study_tour", "name": "Tour", "date": "03.2021"})

    assert response.status_code == 200
    assert response.context["form"].errors["category"] == [
        "Select a valid choice. study_tour is not one of the available choices."
    ]
    assert not Event.objects.exists()


def test_the_kind_filter_offers_the_projects_categories_and_filters_by_them(
    client, viewer, project, mav, training
):
    EventFactory(project=project, name="Export training", category="training", responsible=[mav])
    EventFactory(project=project, name="Workshop", responsible=[mav])
    client.force_login(viewer)

    response = client.get("/events/", {"category": "training"})

    choices = list(response.context["filter"].form.fields["category"].choices)
    assert choices[0] == ("", "All categories") and choices[-1] == ("training", "Training")
    assert [row.record.name for row in response.context["table"].page.object_list] == ["Export training"]


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reference", "Name", "Responsible", "Category", "Date"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


def imported(project, user, rows):
    return run_import(
        project=project,
        user=user,
        kind="events",
        data=csv_bytes(rows),
        filename="events.csv",
        dry_run=False,
    )


def test_the_import_reads_a_category_by_its_name_or_key(project, mav, coordinator, training):
    report = imported(
        project,
        coordinator,
        [["E1", "Export training", "MAV", "training", "03.2021"], ["E2", "Hub visit", "MAV", "Training", ""]],
    )

    assert (report.ok, report.created) == (True, 2), report.problems
    assert list(Event.objects.order_by("external_ref").values_list("category", flat=True)) == [
        "training",
        "training",
    ]


def test_the_import_refuses_an_unknown_category_naming_the_allowed_ones(project, mav, coordinator, training):
    report = imported(
        project,
        coordinator,
        [["E1", "Export training", "MAV", "training", "03.2021"], ["E2", "Tour", "MAV", "Study tour", ""]],
    )

    assert report.written is False and not Event.objects.exists()
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (
            3,
            "Category",
            "'Study tour' is not an event category of ELCA (use one of: National workshop with SMEs, "
            "International meeting, Other international event, Cluster & business matchmaking meeting, "
            "Consortium meeting, Coordination call (jour fixe, huddle), Training)",
        )
    ]
