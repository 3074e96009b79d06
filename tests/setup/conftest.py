"""The set-up pages' personas: those of tests/conftest.py, and the coordinator of another project."""

import pytest

from consortium.models import Membership
from tests.factories import MembershipFactory, PartnerFactory, ProjectFactory, UserFactory

# Who gets what on a project's set-up pages: members of ELCA with another role are refused (403); people
# of another project, even its coordinator, do not see ELCA at all (404).
REFUSED = {"task_leader": 403, "amz_staff": 403, "viewer": 403, "outsider": 404, "other_coordinator": 404}


@pytest.fixture
def other_coordinator(db):
    other = ProjectFactory(acronym="SECOND")
    user = UserFactory(username="othercoord")
    partner = PartnerFactory(project=other, short_name="SEC")
    MembershipFactory(user=user, project=other, partner=partner, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def personas(coordinator, task_leader, amz_staff, viewer, outsider, other_coordinator):
    return {
        "coordinator": coordinator,
        "task_leader": task_leader,
        "amz_staff": amz_staff,
        "viewer": viewer,
        "outsider": outsider,
        "other_coordinator": other_coordinator,
    }
