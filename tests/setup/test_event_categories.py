"""The project's event categories on the set-up pages (events/setup_pages.py): the coordinator lists, adds,
changes and deletes them; other roles are refused; a category events use keeps its key and is not deleted."""

import pytest
from django.urls import reverse

from events.models import EventCategory
from tests.conftest import REFUSED
from tests.factories import EventFactory


def url(name, *args, acronym="ELCA"):
    return reverse(f"setup:event_category_{name}", args=[acronym, *args])


def category(project, key="national_workshop"):
    return EventCategory.objects.get(project=project, key=key)


def test_the_list_shows_each_category_with_its_report_type_and_events(client, coordinator, project, amz):
    EventFactory(project=project, name="Workshop", responsible=[amz])
    client.force_login(coordinator)

    response = client.get(url("list"))

    html = response.content.decode()
    assert [cells for _row, cells in response.context["rows"]][:1] == [
        ["National workshop with SMEs", "Preparatory event", "national_workshop", "1"]
    ]
    assert [cells[1] for _row, cells in response.context["rows"]][-1] == (
        "The consortium's own (not in the report's event tables)"
    )
    assert "training, study tour, mentoring session" in html
    assert (
        reverse("setup:event_category_list", args=["ELCA"])
        in client.get(reverse("setup:index", args=["ELCA"])).content.decode()
    )


def test_the_coordinator_adds_a_category_its_key_made_from_the_name(client, coordinator, project):
    client.force_login(coordinator)

    response = client.post(url("add"), {"name": "Study tour", "key": "", "report_type": "b2b_event"})

    assert response.status_code == 302
    added = category(project, "study_tour")
    assert (added.name, added.report_type, added.position) == ("Study tour", "b2b_event", 7)
    assert added.history.first().history_type == "+"


def test_the_add_form_prefills_the_key_from_the_name(client, coordinator, project):
    client.force_login(coordinator)

    html = client.get(url("add")).content.decode()

    assert 'data-key-from="id_name"' in html
    assert "The consortium&#x27;s own (not in the report&#x27;s event tables)" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"name": "national workshop with smes", "key": "workshop"},
            "name",
            "Name: ELCA already has a category called national workshop with smes.",
        ),
        (
            {"name": "Workshops", "key": "national_workshop"},
            "key",
            "Key: national_workshop is already used by another row of ELCA.",
        ),
        (
            {"name": "Study tour", "key": "Study Tour!"},
            "key",
            "Key: use small letters, digits and underscores only, e.g. study_tour.",
        ),
        ({"name": "", "key": ""}, "name", "This field is required."),
    ],
)
def test_a_bad_category_is_refused_naming_the_field(client, coordinator, project, data, field, message):
    client.force_login(coordinator)

    response = client.post(url("add"), {"report_type": "", **data})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert EventCategory.objects.filter(project=project).count() == 6


def test_a_used_key_cannot_change_but_its_name_and_type_can(client, coordinator, project, amz):
    EventFactory(project=project, name="Workshop", responsible=[amz])
    workshop = category(project)
    client.force_login(coordinator)

    page = client.get(url("edit", workshop.pk))
    response = client.post(
        url("edit", workshop.pk), {"name": "Workshop", "key": "workshop", "report_type": "c2c_event"}
    )

    assert page.context["form"].fields["key"].disabled is True
    assert "Events use this category: its key stays." in page.content.decode()
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.key, workshop.name, workshop.report_type) == (
        "national_workshop",
        "Workshop",
        "c2c_event",
    )


def test_an_unused_key_can_change(client, coordinator, project):
    call = category(project, "coordination_call")
    client.force_login(coordinator)

    client.post(url("edit", call.pk), {"name": "Jour fixe", "key": "jour_fixe", "report_type": ""})

    call.refresh_from_db()
    assert (call.key, call.name) == ("jour_fixe", "Jour fixe")


def test_a_category_events_use_is_not_deleted(client, coordinator, project, amz):
    EventFactory(project=project, name="Workshop", responsible=[amz])
    workshop = category(project)
    client.force_login(coordinator)

    response = client.post(url("delete", workshop.pk))

    assert response.status_code == 409
    assert response.context["used_by"] == [("events", 1)]
    assert "National workshop with SMEs cannot be deleted: these still use it." in response.content.decode()
    assert EventCategory.objects.filter(pk=workshop.pk).exists()


def test_an_unused_category_is_deleted(client, coordinator, project):
    call = category(project, "coordination_call")
    client.force_login(coordinator)

    response = client.post(url("delete", call.pk))

    assert response.status_code == 302
    assert not EventCategory.objects.filter(pk=call.pk).exists()


@pytest.mark.parametrize("persona", sorted(REFUSED))
def test_other_roles_and_projects_are_refused(client, personas, project, persona):
    call = category(project, "coordination_call")
    client.force_login(personas[persona])
    status = REFUSED[persona]

    pages = [
        client.get(url("list")),
        client.get(url("add")),
        client.post(url("add"), {"name": "Training", "key": "training", "report_type": ""}),
        client.post(url("edit", call.pk), {"name": "Changed", "key": "changed", "report_type": ""}),
        client.post(url("delete", call.pk)),
    ]

    assert [page.status_code for page in pages] == [status] * 5
    assert list(EventCategory.objects.filter(project=project).values_list("key", "name"))[-1] == (
        "coordination_call",
        "Coordination call (jour fixe, huddle)",
    )
    assert not EventCategory.objects.filter(key="training").exists()


def test_another_projects_category_is_not_found_on_this_projects_pages(client, coordinator, project):
    from tests.factories import ProjectFactory

    theirs = category(ProjectFactory(acronym="SECOND"))
    client.force_login(coordinator)

    assert client.get(url("edit", theirs.pk)).status_code == 404
    assert client.post(url("delete", theirs.pk)).status_code == 404
    assert EventCategory.objects.filter(pk=theirs.pk).exists()


def test_anonymous_users_are_sent_to_the_login_page(client, project):
    response = client.get(url("list"))

    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
