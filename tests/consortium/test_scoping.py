"""Who sees and who may edit which records (DESIGN.md §6), asked through the scoped QuerySets."""

import pytest
from django.contrib.auth.models import AnonymousUser

from agreements.models import Agreement
from consortium.models import Organisation, Project
from events.models import Event
from tests.factories import AgreementFactory, EventFactory, OrganisationFactory, ProjectFactory


@pytest.fixture
def records(project, amz, mav):
    return {
        "amz": AgreementFactory(project=project, name="AMZ agreement", responsible=[amz]),
        "mav": AgreementFactory(project=project, name="MAV agreement", responsible=[mav]),
        "both": AgreementFactory(project=project, name="Joint agreement", responsible=[amz, mav]),
        "consortium": AgreementFactory(project=project, name="ELCA agreement", consortium_led=True),
        "elsewhere": AgreementFactory(project=ProjectFactory(acronym="OTHER2"), name="Other project"),
    }


def names(queryset):
    return sorted(queryset.values_list("name", flat=True))


ALL_ELCA = ["AMZ agreement", "ELCA agreement", "Joint agreement", "MAV agreement"]


@pytest.mark.parametrize("persona", ["coordinator", "task_leader", "amz_staff", "mav_staff", "viewer"])
def test_every_member_sees_every_record_of_the_project_only(request, records, persona):
    user = request.getfixturevalue(persona)

    assert names(Agreement.objects.visible_to(user)) == ALL_ELCA


def test_outsider_and_anonymous_see_nothing(records, outsider):
    assert names(Agreement.objects.visible_to(outsider)) == []
    assert names(Agreement.objects.visible_to(AnonymousUser())) == []


@pytest.mark.parametrize(
    ("persona", "editable"),
    [
        ("coordinator", ALL_ELCA),
        ("task_leader", ["Joint agreement", "MAV agreement"]),
        ("amz_staff", ["AMZ agreement", "Joint agreement"]),
        ("mav_staff", ["Joint agreement", "MAV agreement"]),
        ("viewer", []),
        ("outsider", []),
    ],
)
def test_editable_records_follow_the_role_table(request, records, persona, editable):
    user = request.getfixturevalue(persona)

    assert names(Agreement.objects.editable_by(user)) == editable


def test_editable_by_has_no_duplicate_rows_for_a_record_led_by_two_partners(records, coordinator):
    assert Agreement.objects.editable_by(coordinator).count() == 4


@pytest.mark.parametrize(
    ("persona", "reviewable"), [("coordinator", 4), ("task_leader", 4), ("amz_staff", 0), ("viewer", 0)]
)
def test_only_task_leader_and_coordinator_review(request, records, persona, reviewable):
    user = request.getfixturevalue(persona)

    assert Agreement.objects.reviewable_by(user).count() == reviewable


def test_scoping_is_the_same_for_every_record_kind(project, amz, mav, amz_staff, mav_staff):
    EventFactory(project=project, name="AMZ workshop", responsible=[amz])

    assert names(Event.objects.editable_by(amz_staff)) == ["AMZ workshop"]
    assert names(Event.objects.editable_by(mav_staff)) == []
    assert names(Event.objects.visible_to(mav_staff)) == ["AMZ workshop"]


def test_organisations_are_edited_by_the_partner_keeping_them(
    project, amz, amz_staff, mav_staff, coordinator, viewer
):
    OrganisationFactory(project=project, name="Composites United", owner=amz)

    assert names(Organisation.objects.editable_by(amz_staff)) == ["Composites United"]
    assert names(Organisation.objects.editable_by(mav_staff)) == []
    assert names(Organisation.objects.editable_by(coordinator)) == ["Composites United"]
    assert names(Organisation.objects.editable_by(viewer)) == []
    assert names(Organisation.objects.visible_to(mav_staff)) == ["Composites United"]


def test_projects_visible_to_members_only(project, amz_staff, outsider):
    assert list(Project.objects.visible_to(amz_staff).values_list("acronym", flat=True)) == ["ELCA"]
    assert list(Project.objects.visible_to(outsider).values_list("acronym", flat=True)) == ["OTHER"]


def test_scoping_costs_no_query_until_the_records_are_read(records, amz_staff, django_assert_num_queries):
    with django_assert_num_queries(0):
        queryset = Agreement.objects.editable_by(amz_staff)
    with django_assert_num_queries(1):
        assert len(queryset) == 2
