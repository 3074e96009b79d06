"""A project's event categories: the template a new project starts with, an event's category checked against
its project's, the data migration that gave every existing project its categories."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from events.categories import category_choices, key_from_name
from events.models import Event, EventCategory
from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.usefixtures("db")

TEMPLATE = [
    ("national_workshop", "National workshop with SMEs", "preparatory"),
    ("international_meeting", "International meeting", "c2c_meeting"),
    ("international_event", "Other international event", "c2c_event"),
    ("matchmaking", "Cluster & business matchmaking meeting", "b2b_event"),
    ("consortium_meeting", "Consortium meeting", ""),
    ("coordination_call", "Coordination call (jour fixe, huddle)", ""),
]


def categories(project) -> list[tuple[str, str, str]]:
    return list(EventCategory.objects.filter(project=project).values_list("key", "name", "report_type"))


def test_a_new_project_starts_with_the_template_categories():
    project = ProjectFactory(acronym="NEWONE")

    assert categories(project) == TEMPLATE
    assert [c.key for c in EventCategory.objects.filter(project=project) if c.is_internal] == [
        "consortium_meeting",
        "coordination_call",
    ]


def test_a_project_created_on_a_german_page_starts_with_the_english_names():
    """The names are the project's data and the reports print them: the site's language, not the page's."""
    from django.utils import translation

    with translation.override("de"):
        assert str(Event.Category.NATIONAL_WORKSHOP.label) != "National workshop with SMEs"  # translated
        project = ProjectFactory()

    assert categories(project) == TEMPLATE


def test_saving_a_project_again_adds_no_category(project):
    project.title = "Changed"
    project.save()

    assert EventCategory.objects.filter(project=project).count() == len(TEMPLATE)


def test_an_event_of_a_category_its_project_lacks_is_refused(project, amz):
    event = EventFactory.build(project=project, name="Study tour to Chile", category="study_tour")

    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["responsible"])

    assert refused.value.message_dict["category"] == [
        "Category: study_tour is not a category of this project (it has: national_workshop, "
        "international_meeting, international_event, matchmaking, consortium_meeting, coordination_call)."
    ]


def test_an_event_of_the_projects_own_category_is_valid(project):
    EventCategory.objects.create(
        project=project, key="study_tour", name="Study tour", report_type="b2b_event"
    )
    event = EventFactory.build(project=project, name="Study tour to Chile", category="study_tour")

    event.full_clean(exclude=["responsible"])  # no error

    assert event.get_category_display() == "Study tour"


def test_another_projects_category_is_not_this_ones(project, outsider):
    other = ProjectFactory(acronym="THIRD")
    EventCategory.objects.create(project=other, key="mentoring", name="Mentoring session")
    event = EventFactory.build(project=project, name="Mentoring", category="mentoring")

    with pytest.raises(ValidationError) as refused:
        event.full_clean(exclude=["responsible"])

    assert "category" in refused.value.message_dict


def test_a_key_has_small_letters_digits_and_underscores_only(project):
    category = EventCategory(project=project, key="Study tour", name="Study tour")

    with pytest.raises(ValidationError) as refused:
        category.full_clean()

    assert refused.value.message_dict["key"] == [
        "Key: use small letters, digits and underscores only, e.g. study_tour."
    ]


def test_a_key_is_made_from_a_name():
    assert key_from_name("Study tour") == "study_tour"
    assert key_from_name("Mentoring session (SMEs)") == "mentoring_session_smes"


def test_choices_keep_a_key_the_project_no_longer_has(project):
    choices = category_choices(project, current="old_kind")

    assert choices[0] == ("national_workshop", "National workshop with SMEs")
    assert choices[-1] == ("old_kind", "old_kind")


def test_the_data_migration_gives_a_project_the_template_and_the_keys_its_events_use(project):
    """As on the day it ran: a project without categories, one event of a key the template lacks."""
    EventFactory(project=project, name="Workshop", category="national_workshop")
    Event.objects.filter(project=project).update(category="study_visit")  # past any check, as old data
    EventCategory.objects.filter(project=project).exclude(key="matchmaking").delete()
    migration = importlib.import_module("events.migrations.0006_categories_of_existing_projects")

    migration.give_categories(apps, None)

    assert sorted(categories(project)) == sorted([*TEMPLATE, ("study_visit", "Study visit", "")])
    assert EventCategory.objects.filter(project=project, key="matchmaking").count() == 1


def test_the_demo_has_the_template_categories_and_each_of_its_events_one(elca_demo, db):
    keys = set(EventCategory.objects.filter(project=elca_demo).values_list("key", flat=True))
    used = set(Event.objects.filter(project=elca_demo).values_list("category", flat=True))

    assert categories(elca_demo) == TEMPLATE
    assert used <= keys and len(used) == 6
