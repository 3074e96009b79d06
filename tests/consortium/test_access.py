"""Who may do what (DESIGN.md §6), asked in one place: consortium.access and the consortium QuerySets.

Each predicate is checked for every persona of tests/conftest.py, and a scan of the apps' code checks that
no other module compares roles, so the rule cannot be written a second time and drift (issue 13).
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from consortium import access
from consortium.models import Membership, Project
from kpis.models import PlanItem
from tests.factories import EventFactory

# persona -> (is_coordinator, may_record, may_review) in ELCA
EXPECTED = {
    "coordinator": (True, True, True),
    "task_leader": (False, True, True),
    "amz_staff": (False, True, False),
    "viewer": (False, False, False),
    "outsider": (False, False, False),
    "admin_user": (True, True, True),
}
PERSONAS = sorted(EXPECTED)


@pytest.fixture
def anonymous():
    return AnonymousUser()


@pytest.mark.parametrize("persona", PERSONAS)
def test_is_coordinator_is_true_for_the_coordinator_and_superusers_only(request, project, persona):
    user = request.getfixturevalue(persona)
    assert access.is_coordinator(user, project) == EXPECTED[persona][0]


@pytest.mark.parametrize("persona", PERSONAS)
def test_may_record_is_true_for_every_member_but_viewers(request, project, persona):
    user = request.getfixturevalue(persona)
    assert access.may_record(user, project) == EXPECTED[persona][1]


@pytest.mark.parametrize("persona", PERSONAS)
def test_may_review_is_true_for_task_leaders_coordinators_and_superusers(request, project, persona):
    user = request.getfixturevalue(persona)
    assert access.may_review(user, project) == EXPECTED[persona][2]


@pytest.mark.parametrize("persona", PERSONAS)
def test_rights_in_a_project_answer_all_three_at_once(request, project, persona):
    user = request.getfixturevalue(persona)
    rights = access.rights(user, project)
    assert (rights.coordinate, rights.record, rights.review) == EXPECTED[persona]


def test_anonymous_user_may_do_nothing(project, anonymous, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert access.rights(anonymous, project) == access.Rights()
        assert access.rights(anonymous) == access.Rights()
        assert not access.is_coordinator(anonymous, project)
        assert not access.may_record(anonymous, project)
        assert not access.may_review(anonymous, project)


def test_outsider_records_in_their_own_project_but_not_in_elca(project, outsider):
    other = Project.objects.get(acronym="OTHER")
    assert access.may_record(outsider, other)
    assert not access.may_record(outsider, project)
    assert access.rights(outsider) == access.Rights(record=True)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", access.EVERYTHING),
        ("task_leader", access.Rights(record=True, review=True)),
        ("amz_staff", access.Rights(record=True)),
        ("viewer", access.Rights()),
        ("admin_user", access.EVERYTHING),
    ],
)
def test_rights_anywhere_are_those_of_any_project_of_theirs(request, project, persona, expected):
    assert access.rights(request.getfixturevalue(persona)) == expected


def test_a_predicate_costs_one_query_for_a_member_and_none_for_a_superuser(
    project, coordinator, admin_user, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the member's roles in the project
        assert access.is_coordinator(coordinator, project)
    with django_assert_num_queries(0):
        assert access.is_coordinator(admin_user, project)


# -- the same rule on a membership already loaded (no query) ---------------------------------------------
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("coordinator", (True, True, True, True)),
        ("task_leader", (False, True, True, False)),
        ("amz_staff", (False, True, False, False)),
        ("viewer", (False, False, False, False)),
    ],
)
def test_a_membership_says_what_its_role_allows(request, project, persona, expected):
    membership = Membership.objects.get(user=request.getfixturevalue(persona), project=project)
    assert (
        membership.is_coordinator,
        membership.may_record,
        membership.may_review,
        membership.chooses_partners,
    ) == expected


# -- QuerySets -------------------------------------------------------------------------------------------
def _other_project_exists():
    """A second project, OTHER (the outsider's, when that fixture made it)."""
    Project.objects.get_or_create(
        acronym="OTHER", defaults={"title": "Other", "start_date": "2024-01-01", "duration_months": 24}
    )


def _acronyms(queryset) -> list[str]:
    return sorted(queryset.values_list("acronym", flat=True))


@pytest.mark.parametrize(
    ("persona", "coordinated", "recordable"),
    [
        ("coordinator", ["ELCA"], ["ELCA"]),
        ("task_leader", [], ["ELCA"]),
        ("amz_staff", [], ["ELCA"]),
        ("viewer", [], []),
        ("outsider", [], ["OTHER"]),
        ("admin_user", ["ELCA", "OTHER"], ["ELCA", "OTHER"]),
    ],
)
def test_projects_coordinated_and_recordable_by_each_persona(
    request, project, persona, coordinated, recordable
):
    user = request.getfixturevalue(persona)
    _other_project_exists()
    assert _acronyms(Project.objects.coordinated_by(user)) == coordinated
    assert _acronyms(Project.objects.recordable_by(user)) == recordable


def test_anonymous_user_coordinates_and_records_in_no_project(project, anonymous):
    assert _acronyms(Project.objects.coordinated_by(anonymous)) == []
    assert _acronyms(Project.objects.recordable_by(anonymous)) == []


@pytest.mark.parametrize(
    ("persona", "editing", "reviewing", "coordinating"),
    [
        ("coordinator", 1, 1, 1),
        ("task_leader", 1, 1, 0),
        ("amz_staff", 1, 0, 0),
        ("viewer", 0, 0, 0),
        ("admin_user", 0, 0, 0),  # a superuser holds no membership: the callers let them through
    ],
)
def test_memberships_by_what_they_allow(request, project, persona, editing, reviewing, coordinating):
    user = request.getfixturevalue(persona)
    assert Membership.objects.editing(user).count() == editing
    assert Membership.objects.reviewing(user).count() == reviewing
    assert Membership.objects.coordinating(user).count() == coordinating


@pytest.mark.parametrize(
    ("persona", "sees", "changes"),
    [
        ("coordinator", True, True),
        ("task_leader", True, False),
        ("amz_staff", True, False),
        ("viewer", True, False),
        ("outsider", False, False),
        ("admin_user", True, True),
    ],
)
def test_plan_items_are_seen_by_members_and_changed_by_the_coordinator(
    request, project, persona, sees, changes
):
    item = PlanItem.objects.create(project=project, position=1, month=6, activity="Matchmaking")
    user = request.getfixturevalue(persona)
    assert PlanItem.objects.visible_to(user).filter(pk=item.pk).exists() == sees
    assert PlanItem.objects.editable_by(user).filter(pk=item.pk).exists() == changes


@pytest.mark.parametrize(
    ("persona", "own", "other"),
    [
        ("coordinator", True, True),
        ("task_leader", False, True),  # the task leader works for MAV
        ("amz_staff", True, False),
        ("viewer", False, False),
        ("outsider", False, False),
        ("admin_user", True, True),
    ],
)
def test_records_are_changed_by_their_partner_and_the_coordinator(
    request, project, amz, mav, persona, own, other
):
    amz_event = EventFactory(project=project, responsible=[amz])
    mav_event = EventFactory(project=project, responsible=[mav])
    editable = type(amz_event).objects.editable_by(request.getfixturevalue(persona))
    assert (editable.filter(pk=amz_event.pk).exists(), editable.filter(pk=mav_event.pk).exists()) == (
        own,
        other,
    )


# -- the membership a person acts with on a record form --------------------------------------------------
def test_acting_membership_is_the_members_own_with_its_partner(project, amz_staff, amz):
    membership = access.acting_membership(amz_staff, project)
    assert (membership.pk is not None, membership.partner) == (True, amz)


def test_a_viewer_acts_with_no_membership(project, viewer):
    assert access.acting_membership(viewer, project) is None
    assert access.recording_membership(viewer, project) is None


def test_a_superuser_without_a_membership_acts_as_an_unsaved_coordinator(project, admin_user):
    membership = access.acting_membership(admin_user, project)
    assert (membership.pk, membership.is_coordinator, membership.partner_id) == (None, True, None)
    # The directory's quick add asks only for a membership of one's own (the superuser has none).
    assert access.recording_membership(admin_user, project) is None


@pytest.mark.parametrize(
    ("persona", "records", "frame"),
    [
        ("coordinator", ["ELCA"], ["ELCA"]),
        ("task_leader", ["ELCA"], []),
        ("amz_staff", ["ELCA"], []),
        ("viewer", [], []),
        ("outsider", ["OTHER"], []),
        ("admin_user", ["ELCA", "OTHER"], ["ELCA", "OTHER"]),
    ],
)
def test_projects_to_add_to(request, project, persona, records, frame):
    user = request.getfixturevalue(persona)
    _other_project_exists()
    assert [p.acronym for p in access.projects_to_add_to(user, coordinator_only=False)] == records
    assert [p.acronym for p in access.projects_to_add_to(user, coordinator_only=True)] == frame


def test_a_superuser_who_records_somewhere_adds_there_first(project, admin_user, amz):
    """As the create page always did: a superuser's own projects where their role allows it, else all."""
    _other_project_exists()
    Membership.objects.create(user=admin_user, project=project, partner=amz, role=Membership.Role.STAFF)
    assert [p.acronym for p in access.projects_to_add_to(admin_user, coordinator_only=False)] == ["ELCA"]
    assert [p.acronym for p in access.projects_to_add_to(admin_user, coordinator_only=True)] == [
        "ELCA",
        "OTHER",
    ]


# -- one owner: no module outside consortium compares roles ----------------------------------------------
ROOT = Path(settings.BASE_DIR)
ROLE_COMPARISONS = re.compile(
    r"""\bRole\.[A-Z_]+"""  # Membership.Role.COORDINATOR
    r"""|\b[A-Z_]*_ROLES\b"""  # EDITING_ROLES, REVIEWING_ROLES, a set of one's own
    r"""|\brole__"""  # role__in=...
    r"""|memberships__role"""
    r"""|\.role\s*(?:==|!=|in\b|not\s+in\b)"""  # membership.role == ..., m.role in (...)
    r"""|\brole\s*(?:==|!=)|\brole\s+(?:not\s+)?in\s+(?:Membership|[A-Z_]+\b|[(\[{])"""  # role in ROLES
    r"""|\brole\s*=\s*(?:Membership\.|["'](?:coordinator|task_leader|staff|viewer)["'])"""  # filter(role=...)
)
# The second login step is a security policy of its own (accounts), not a right in a project: asked of
# coordinators and task leaders (policy.REQUIRED_ROLES; the demo gives those users an authenticator by it).
TWO_STEP_POLICY = "accounts/twostep/policy.py"
TWO_STEP_ROLES = "REQUIRED_ROLES"


def role_comparisons_outside_consortium() -> list[str]:
    found = []
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if folder.parent != ROOT or config.label == "consortium":
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
                continue
            name = str(path.relative_to(ROOT))
            if name == TWO_STEP_POLICY:
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if ROLE_COMPARISONS.search(line) and TWO_STEP_ROLES not in line:
                    found.append(f"{name}:{number}: {line.strip()}")
    for path in sorted(ROOT.glob("templates/**/*.html")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if ROLE_COMPARISONS.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_roles_are_compared_only_in_consortium():
    """Ask consortium.access, the Membership properties or the QuerySets (coordinated_by, editable_by...)."""
    assert role_comparisons_outside_consortium() == []


def test_the_scan_finds_a_role_comparison():
    for line in [
        "Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).exists()",
        "if membership.role in Membership.EDITING_ROLES:",
        "Project.objects.filter(memberships__user=user, memberships__role__in=roles)",
        "if role != 'viewer':",
        'Membership.objects.filter(user=user, role="coordinator")',
        '{% if membership.role == "coordinator" %}',
    ]:
        assert ROLE_COMPARISONS.search(line), line
    for line in ['<div role="alert">', "role=instance.role,", "{{ membership.get_role_display }}"]:
        assert not ROLE_COMPARISONS.search(line), line
